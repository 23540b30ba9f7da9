/** Roles a user holds at an organisation. */
export const ROLES = ['clerk', 'leader', 'specialist', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  clerk: 'Văn thư',
  leader: 'Lãnh đạo',
  specialist: 'Chuyên viên',
  admin: 'Quản trị',
};
export const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

/** Kinds of organisation in the tree. Documents are exchanged between agencies. */
export const ORG_KINDS = ['province', 'agency', 'unit', 'enterprise'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const isOrgKind = (k: string): k is OrgKind => (ORG_KINDS as readonly string[]).includes(k);

export const ASSIGNMENT_ROLES = ['lead', 'cooperate', 'info'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];
export const ASSIGNMENT_ROLE_LABELS: Record<AssignmentRole, string> = {
  lead: 'Chủ trì',
  cooperate: 'Phối hợp',
  info: 'Để biết',
};
