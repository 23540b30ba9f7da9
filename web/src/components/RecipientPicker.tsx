import { useMemo } from 'react';
import { Button, Space, TreeSelect } from 'antd';
import { useI18n } from '../i18n';
import { fold } from '../format';
import type { Organization } from '../types';

/** Communes and wards: their People's Committees ("Ủy ban nhân dân xã/phường/đặc khu …"). */
export const isCommune = (o: Organization) => /^(ủy|uỷ) ban nhân dân (xã|phường|đặc khu|thị trấn)/i.test(o.name);

export interface RecipientGroups {
  departments: number[];
  communes: number[];
  /** Organisations of other provinces, reached through a peer node. */
  external: number[];
}

/**
 * The organisations that may receive a document from `ownAgencyId`: the province's agencies
 * in their two usual groups, and the organisations of other provinces hosted by a peer node.
 */
export function recipientChoices(orgs: Organization[], ownAgencyId: number) {
  const agencies = orgs.filter((o) => (o.kind === 'agency' || o.kind === 'external') && o.active && o.id !== ownAgencyId);
  const ours = agencies.filter((o) => o.kind === 'agency');
  const groups: RecipientGroups = {
    communes: ours.filter(isCommune).map((o) => o.id),
    departments: ours.filter((o) => !isCommune(o)).map((o) => o.id),
    external: agencies.filter((o) => o.kind === 'external').map((o) => o.id),
  };
  return { agencies, groups };
}

interface Node {
  value: string | number;
  title: string;
  label?: string;
  search: string;
  selectable?: boolean;
  disabled?: boolean;
  checkable?: boolean;
  children?: Node[];
}

/**
 * The recipients picked from the organisation tree: search without diacritics, tick whole
 * groups, or use the buttons for all departments / all communes.
 */
export function RecipientPicker({
  orgs,
  ownAgencyId,
  value,
  onChange,
  id,
  status,
  disabled,
}: {
  orgs: Organization[];
  ownAgencyId: number;
  value?: number[];
  onChange?: (v: number[]) => void;
  id?: string;
  status?: 'error';
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const { agencies, groups } = useMemo(() => recipientChoices(orgs, ownAgencyId), [orgs, ownAgencyId]);
  const tree = useMemo<Node[]>(() => {
    const leaf = (o: Organization): Node => ({ value: o.id, title: o.name, label: o.shortName ? `${o.name}` : o.name, search: fold(`${o.name} ${o.shortName} ${o.code ?? ''}`) });
    const deps = agencies.filter((o) => groups.departments.includes(o.id)).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    const coms = agencies.filter((o) => groups.communes.includes(o.id)).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    const ext = agencies.filter((o) => groups.external.includes(o.id)).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    const outside = (o: Organization): Node => ({ ...leaf(o), title: o.code ? `${o.name} (${o.code})` : o.name, label: o.code ? `${o.name} (${o.code})` : o.name });
    const out: Node[] = [];
    if (deps.length) out.push({ value: 'g:departments', title: t('Sở, ban, ngành và cơ quan cấp tỉnh', 'Provincial departments and agencies'), search: fold('so nganh tinh departments'), children: deps.map(leaf) });
    if (coms.length) out.push({ value: 'g:communes', title: t('UBND xã, phường', 'Communes and wards'), search: fold('ubnd xa phuong communes'), children: coms.map(leaf) });
    if (ext.length) out.push({ value: 'g:external', title: t('Cơ quan ngoài tỉnh (liên thông)', 'Other provinces (interconnection)'), search: fold('co quan ngoai tinh lien thong other provinces interconnection'), children: ext.map(outside) });
    return out;
  }, [agencies, groups, t]);

  const current = value ?? [];
  const set = (ids: number[]) => onChange?.([...new Set(ids)]);
  const allIn = (ids: number[]) => ids.length > 0 && ids.every((i) => current.includes(i));

  return (
    <div className="lt-recipients">
      <Space wrap size={[6, 6]} className="lt-recipient-groups">
        <Button size="small" disabled={disabled} aria-pressed={allIn(groups.departments)} onClick={() => set(allIn(groups.departments) ? current.filter((i) => !groups.departments.includes(i)) : [...current, ...groups.departments])}>
          {t(`Tất cả sở, ngành (${groups.departments.length})`, `All departments (${groups.departments.length})`)}
        </Button>
        <Button size="small" disabled={disabled} aria-pressed={allIn(groups.communes)} onClick={() => set(allIn(groups.communes) ? current.filter((i) => !groups.communes.includes(i)) : [...current, ...groups.communes])}>
          {t(`Tất cả UBND xã, phường (${groups.communes.length})`, `All communes and wards (${groups.communes.length})`)}
        </Button>
        <Button size="small" type="link" disabled={disabled || !current.length} onClick={() => set([])}>
          {t('Bỏ chọn tất cả', 'Clear')}
        </Button>
        <span className="lt-muted" aria-live="polite">
          {t(`Đã chọn ${current.length} nơi nhận`, `${current.length} recipients chosen`)}
        </span>
      </Space>
      <TreeSelect<number[]>
        id={id}
        status={status}
        disabled={disabled}
        multiple
        treeCheckable
        showCheckedStrategy={TreeSelect.SHOW_CHILD}
        treeDefaultExpandAll
        value={current}
        onChange={(v) => set((v as (number | string)[]).filter((x): x is number => typeof x === 'number'))}
        treeData={tree}
        showSearch={{ filterTreeNode: (input, node) => (node as unknown as Node).search.includes(fold(input)) }}
        placeholder={t('Chọn cơ quan nhận (gõ để tìm, không cần dấu)', 'Choose the receiving agencies (type to search)')}
        maxTagCount={12}
        maxTagPlaceholder={(omitted) => t(`+ ${omitted.length} nơi khác`, `+ ${omitted.length} more`)}
        style={{ width: '100%' }}
        listHeight={360}
        allowClear
      />
    </div>
  );
}
