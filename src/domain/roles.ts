/** Roles a user holds at an organisation. */
export const ROLES = ['clerk', 'leader', 'specialist', 'admin', 'task_officer', 'it_officer', 'finance_officer', 'security_officer', 'incident_responder', 'police_cyber', 'inspector'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  clerk: 'Văn thư',
  leader: 'Lãnh đạo',
  specialist: 'Chuyên viên',
  admin: 'Quản trị',
  // The UBND Office's officers who assign and follow directive tasks (theo dõi nhiệm vụ).
  task_officer: 'Theo dõi nhiệm vụ',
  // The provincial IT department's officers (Sở KH&CN): the indicator catalogue, every task in view.
  it_officer: 'Quản lý CNTT tỉnh',
  // An agency's information-security officer: its systems register, its incidents (need to know), its inspection follow-up.
  security_officer: 'Cán bộ an toàn thông tin',
  // The provincial incident response team (đội ứng cứu sự cố, Sở KH&CN): every incident, acknowledges and coordinates.
  incident_responder: 'Đội ứng cứu sự cố',
  // The Police's cyber-security unit (Công an tỉnh, PA05): every incident, inspections, IT crime.
  police_cyber: 'An ninh mạng (Công an tỉnh)',
  // Inspectors of the Police or the IT department: yearly plans, inspections, conclusions, recommendations.
  inspector: 'Kiểm tra an toàn thông tin',
  // Finance (Sở Tài chính): capital plans of IT projects, recurrent IT budget allocation, the province-wide view of both.
  finance_officer: 'Quản lý vốn, ngân sách CNTT',
};
export const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

/** Kinds of organisation in the tree. Documents are exchanged between agencies. */
export const ORG_KINDS = ['province', 'agency', 'unit', 'enterprise'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const isOrgKind = (k: string): k is OrgKind => (ORG_KINDS as readonly string[]).includes(k);
/**
 * An organisation hosted by a peer node (another province, a ministry via the axis): made and
 * removed through the peers API, its code routes to that node; never one of the kinds above,
 * so the directory cannot create one, give it users or turn one of ours into it.
 */
export const EXTERNAL_KIND = 'external' as const;

export const ASSIGNMENT_ROLES = ['lead', 'cooperate', 'info'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];
export const ASSIGNMENT_ROLE_LABELS: Record<AssignmentRole, string> = {
  lead: 'Chủ trì',
  cooperate: 'Phối hợp',
  info: 'Để biết',
};
