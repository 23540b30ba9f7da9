/** react-query keys of the portal's data, so that a change refreshes every screen showing it. */
export const keys = {
  procedures: ['portal', 'procedures'] as const,
  procedure: (id: number) => ['portal', 'procedure', id] as const,
  publications: ['portal', 'publications'] as const,
  announcements: ['portal', 'announcements'] as const,
  profile: (orgId: number) => ['portal', 'profile', orgId] as const,
  freshness: ['portal', 'freshness'] as const,
};
