import { useI18n } from './i18n';
import { fmtDate } from './format';
import type { StatusView } from './types';

export const URGENCY: Record<string, { vi: string; en: string; color?: string }> = {
  thuong: { vi: 'Thường', en: 'Normal' },
  khan: { vi: 'Khẩn', en: 'Urgent', color: 'orange' },
  thuong_khan: { vi: 'Thượng khẩn', en: 'Very urgent', color: 'volcano' },
  hoa_toc: { vi: 'Hỏa tốc', en: 'Flash', color: 'red' },
};
export const URGENCY_RANK: Record<string, number> = { hoa_toc: 3, thuong_khan: 2, khan: 1, thuong: 0 };

export const CONFIDENTIALITY: Record<string, { vi: string; en: string }> = {
  thuong: { vi: 'Thường', en: 'Not classified' },
  mat: { vi: 'Mật', en: 'Confidential' },
  toi_mat: { vi: 'Tối mật', en: 'Secret' },
  tuyet_mat: { vi: 'Tuyệt mật', en: 'Top secret' },
};

export const STATUS: Record<string, { vi: string; en: string; color: string }> = {
  '01': { vi: 'Đã đến', en: 'Arrived', color: 'blue' },
  '02': { vi: 'Từ chối tiếp nhận', en: 'Rejected', color: 'red' },
  '03': { vi: 'Đã tiếp nhận', en: 'Registered', color: 'cyan' },
  '04': { vi: 'Đã phân công', en: 'Assigned', color: 'geekblue' },
  '05': { vi: 'Đang xử lý', en: 'In progress', color: 'gold' },
  '06': { vi: 'Hoàn thành', en: 'Completed', color: 'green' },
  '13': { vi: 'Yêu cầu thu hồi', en: 'Recall requested', color: 'magenta' },
  '15': { vi: 'Đồng ý thu hồi', en: 'Recall accepted', color: 'purple' },
  '16': { vi: 'Từ chối thu hồi', en: 'Recall refused', color: 'orange' },
};

export const ASSIGN_ROLE: Record<string, { vi: string; en: string; color: string }> = {
  lead: { vi: 'Chủ trì', en: 'Lead', color: 'blue' },
  cooperate: { vi: 'Phối hợp', en: 'Co-operating', color: 'cyan' },
  info: { vi: 'Để biết', en: 'For information', color: 'default' },
};

export const ROLE_LABEL: Record<string, { vi: string; en: string }> = {
  clerk: { vi: 'Văn thư', en: 'Clerk' },
  leader: { vi: 'Lãnh đạo', en: 'Leader' },
  specialist: { vi: 'Chuyên viên', en: 'Specialist' },
  admin: { vi: 'Quản trị', en: 'Administrator' },
  task_officer: { vi: 'Theo dõi nhiệm vụ', en: 'Task officer' },
  it_officer: { vi: 'Quản lý CNTT tỉnh', en: 'Provincial IT officer' },
  security_officer: { vi: 'Cán bộ an toàn thông tin', en: 'Security officer' },
  incident_responder: { vi: 'Đội ứng cứu sự cố', en: 'Incident response team' },
  police_cyber: { vi: 'An ninh mạng (Công an tỉnh)', en: 'Police cyber-security unit' },
  inspector: { vi: 'Kiểm tra an toàn thông tin', en: 'Security inspector' },
  finance_officer: { vi: 'Quản lý vốn, ngân sách CNTT', en: 'IT capital and budget officer' },
};

export const ORG_KIND: Record<string, { vi: string; en: string }> = {
  province: { vi: 'Tỉnh', en: 'Province' },
  agency: { vi: 'Cơ quan', en: 'Agency' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  enterprise: { vi: 'Doanh nghiệp', en: 'Enterprise' },
  external: { vi: 'Ngoài tỉnh (liên thông)', en: 'Other province (interconnection)' },
};

/** A small coloured label; plain markup, cheap to draw in long lists. */
export function Badge({ tone, children, title, ...rest }: { tone: string; children: React.ReactNode; title?: string; 'data-status'?: string }) {
  return (
    <span className={`lt-badge lt-badge-${tone}`} title={title} {...rest}>
      {children}
    </span>
  );
}

export function StatusTag({ status, code }: { status?: StatusView | null; code?: string | null }) {
  const { lang } = useI18n();
  const c = status?.code ?? code;
  if (!c) return null;
  const s = STATUS[c];
  return (
    <Badge tone={s?.color ?? 'default'} data-status={c}>
      <span className="lt-code">{c}</span> {s ? s[lang] : (status?.[lang] ?? c)}
    </Badge>
  );
}

export function UrgencyTag({ urgency, quiet }: { urgency: string; quiet?: boolean }) {
  const { lang } = useI18n();
  const u = URGENCY[urgency];
  if (!u) return null;
  if (urgency === 'thuong') return quiet ? <span className="lt-muted">{u[lang]}</span> : <Badge tone="default">{u[lang]}</Badge>;
  return <Badge tone={u.color!}>{u[lang]}</Badge>;
}

export function RoleTag({ role }: { role: string | null }) {
  const { lang } = useI18n();
  if (!role) return <span className="lt-muted">—</span>;
  const r = ASSIGN_ROLE[role];
  return <Badge tone={r?.color ?? 'default'}>{r ? r[lang] : role}</Badge>;
}

/** A deadline with the days left when it is near, or how late it is. */
export function Deadline({ date, daysLeft, done }: { date: string | null; daysLeft?: number | null; done?: boolean }) {
  const { t } = useI18n();
  if (!date) return <span className="lt-muted">—</span>;
  if (done || daysLeft === null || daysLeft === undefined) return <span>{fmtDate(date)}</span>;
  if (daysLeft < 0)
    return (
      <span className="lt-overdue" title={t(`Quá hạn ${-daysLeft} ngày`, `${-daysLeft} days overdue`)}>
        {fmtDate(date)} <b>{t(`quá ${-daysLeft} ngày`, `${-daysLeft}d late`)}</b>
      </span>
    );
  if (daysLeft === 0) return <span className="lt-due-today">{fmtDate(date)} <b>{t('hôm nay', 'today')}</b></span>;
  if (daysLeft > 30) return <span>{fmtDate(date)}</span>;
  return (
    <span className={daysLeft <= 3 ? 'lt-due-soon' : undefined} title={t(`Còn ${daysLeft} ngày`, `${daysLeft} days left`)}>
      {fmtDate(date)} <span className="lt-muted">{t(`còn ${daysLeft} ngày`, `${daysLeft}d left`)}</span>
    </span>
  );
}
