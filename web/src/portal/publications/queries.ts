import { useQuery } from '@tanstack/react-query';
import { get } from '../../api';
import { keys } from '../keys';
import type { Publication } from '../types';

export const usePublications = (enabled = true) => useQuery({ queryKey: keys.publications, queryFn: () => get<Publication[]>('/api/v1/portal/publications'), enabled });
