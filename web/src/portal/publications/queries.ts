import { useQuery } from '@tanstack/react-query';
import { answer, client } from '../../api/client';
import { keys } from '../keys';

export const usePublications = (enabled = true) => useQuery({ queryKey: keys.publications, queryFn: () => answer(client.GET('/api/v1/portal/publications')), enabled });
