/** What /api/v1/tasks and /api/v1/indicators answer (src/modules/tasks, src/modules/indicators). */
export type TaskStatus = 'not_started' | 'in_progress' | 'overdue' | 'extension_asked' | 'awaiting_acceptance' | 'returned' | 'done_on_time' | 'done_late';
export type Recurrence = 'none' | 'monthly' | 'quarterly' | 'yearly' | 'ongoing';
export type Priority = 'high' | 'normal' | 'low';

export interface Task {
  id: number;
  document: { id: number; symbol: string | null; docDate: string | null; summary: string; typeCode: string; orgName: string | null };
  assignedByOrgId: number;
  assignedByOrgName: string;
  pointRef: string | null;
  content: string;
  leadOrgId: number;
  leadOrgName: string;
  cooperating: { orgId: number; name: string }[];
  expectedOutput: string | null;
  priority: Priority;
  recurrence: Recurrence;
  deadline: string | null;
  originalDeadline: string | null;
  dueDate: string | null;
  status: TaskStatus;
  overdue: boolean;
  percent: number;
  lastReportAt: string | null;
  doneAt: string | null;
  acceptedAt: string | null;
  returnedAt: string | null;
  createdAt: string;
  myRole: 'lead' | 'cooperate' | null;
  can: { report: boolean; contribute: boolean; askExtension: boolean; decideExtension: boolean; declareDone: boolean; decideCompletion: boolean };
}

export interface TaskEvent {
  id: number;
  kind: 'created' | 'progress' | 'contribution' | 'extension_asked' | 'extension_granted' | 'extension_refused' | 'done' | 'accepted' | 'returned';
  orgId: number;
  orgName: string;
  userName: string | null;
  at: string;
  text: string | null;
  percent: number | null;
  deadlineFrom: string | null;
  deadlineTo: string | null;
  evidence: { documentId: number; symbol: string | null; summary: string; docDate: string | null }[];
}

export interface TaskDetail extends Task {
  events: TaskEvent[];
}

export interface TaskPage {
  total: number;
  counts: Record<TaskStatus, number>;
  overdue: number;
  items: Task[];
}

export interface ScoreStep {
  min: number | null;
  max: number | null;
  points: number;
}

export interface Indicator {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string;
  group: string;
  unit: string;
  numerator: string;
  denominator: string | null;
  scoringRule: 'ratio_max' | 'peer_max' | 'step_table' | 'yes_no';
  steps: ScoreStep[];
  maxPoints: number;
  source: 'automatic' | 'reported' | 'verified';
  verifyingOrgId: number | null;
  verifyingOrgName: string | null;
  evidence: string | null;
  active: boolean;
  updatedAt: string;
}
