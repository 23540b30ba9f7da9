import { useQuery } from '@tanstack/react-query';
import { answer, client } from './api/client';
import type { Organization } from './types';

/** Reference data every screen may need, fetched once and kept. */
export const useOrganizations = (includeInactive = false) =>
  useQuery({ queryKey: ['organizations', includeInactive], queryFn: () => answer(client.GET('/api/v1/organizations', { params: { query: { includeInactive } } })), staleTime: 5 * 60_000 });

export const useDocumentTypes = () => useQuery({ queryKey: ['document-types'], queryFn: () => answer(client.GET('/api/v1/document-types')), staleTime: 30 * 60_000 });

export const useRegisters = () => useQuery({ queryKey: ['registers'], queryFn: () => answer(client.GET('/api/v1/registers')), staleTime: 5 * 60_000 });

export const useUsers = (enabled = true) => useQuery({ queryKey: ['users'], queryFn: () => answer(client.GET('/api/v1/users')), staleTime: 60_000, enabled });

/** The ids of an organisation and everything below it. */
export function subtree(orgs: Organization[], rootId: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const o of orgs) if (o.parentId !== null) children.set(o.parentId, [...(children.get(o.parentId) ?? []), o.id]);
  const out = new Set<number>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}
