import { useMemo, type ReactNode } from 'react';
import type { FormInstance } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useMe } from '../auth';
import { subtree, useOrganizations } from '../data';
import { useI18n } from '../i18n';
import { Badge } from '../labels';
import { ApiError } from '../api';
import { fieldPath, type Msg } from './rules';
import { NO_ONLINE_LABEL, ONLINE_LEVEL_LABELS, type OnlineLevel } from '../../../src/domain/procedures';
import type { Organization } from '../types';

/** The Select value for "no online service" (the API's null). */
export const NO_ONLINE = 'none';

export function OnlineLevelTag({ level }: { level: OnlineLevel | null }) {
  const { lang } = useI18n();
  if (!level) return <Badge tone="default">{NO_ONLINE_LABEL[lang]}</Badge>;
  return <Badge tone={level === 'toan_trinh' ? 'green' : 'blue'}>{ONLINE_LEVEL_LABELS[level][lang]}</Badge>;
}

export function useOnlineLevelOptions() {
  const { lang } = useI18n();
  return useMemo(
    () => [
      { value: 'toan_trinh', label: ONLINE_LEVEL_LABELS.toan_trinh[lang] },
      { value: 'mot_phan', label: ONLINE_LEVEL_LABELS.mot_phan[lang] },
      { value: NO_ONLINE, label: NO_ONLINE_LABEL[lang] },
    ],
    [lang],
  );
}

export const levelToApi = (v: string | undefined | null): OnlineLevel | null => (v === 'toan_trinh' || v === 'mot_phan' ? v : null);

/** A page of the public portal, opened beside the back office. */
export function PublicLink({ href, children, testId }: { href: string; children: ReactNode; testId?: string }) {
  const { t } = useI18n();
  return (
    <a href={href} target="_blank" rel="noopener" className="lt-portal-public" data-testid={testId}>
      {children} <ExportOutlined aria-hidden />
      <span className="lt-sr">{t('(mở trong thẻ mới)', '(opens in a new tab)')}</span>
    </a>
  );
}

/**
 * The organisations whose public pages the user manages (src/modules/portal/access.ts): the
 * province administrator every one; a clerk, leader or administrator their agency and its
 * units. `kinds` narrows to what an operation accepts (procedures: agencies and the province).
 */
export function useManagedOrgs(kinds: Organization['kind'][] = ['province', 'agency', 'unit']) {
  const me = useMe();
  const orgs = useOrganizations();
  const kindsKey = kinds.join();
  const list = useMemo(() => {
    const all = (orgs.data ?? []).filter((o) => o.active && kindsKey.split(',').includes(o.kind));
    if (me.isProvinceAdmin) return all;
    const mine = subtree(orgs.data ?? [], me.agencyId);
    return all.filter((o) => mine.has(o.id));
  }, [orgs.data, me.isProvinceAdmin, me.agencyId, kindsKey]);
  return { list, loading: orgs.isLoading, error: orgs.error, orgName: (id: number) => orgs.data?.find((o) => o.id === id)?.name ?? `#${id}` };
}

/** An antd validator from a check that answers a message or null. */
export function useRule() {
  const { lang } = useI18n();
  return (check: (v: unknown) => Msg | null) => ({
    validator: async (_: unknown, v: unknown) => {
      const e = check(v);
      if (e) throw new Error(e[lang]);
    },
  });
}

/**
 * Puts an error the server (or the shared rule) tied to a field on that field of the form,
 * and brings it into view. Answers false when the field is not on the form.
 */
export function showFieldError<T>(form: FormInstance<T>, field: string | undefined, message: string): boolean {
  if (!field) return false;
  const path = fieldPath(field);
  // The nearest field that exists: "attachments[0].fileName" is edited as "attachments".
  for (let n = path.length; n > 0; n--) {
    const name = path.slice(0, n);
    if (form.getFieldInstance(name as never) !== undefined) {
      form.setFields([{ name: name as never, errors: [message] }]);
      form.scrollToField(name as never, { block: 'center', focus: true });
      return true;
    }
  }
  return false;
}

export const apiField = (e: unknown) => (e instanceof ApiError ? e.field : undefined);

/** After any change: every portal screen's data (freshness moves with each change). */
export function useRefreshPortal() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: ['portal'] });
}
