import { useMemo, useState } from 'react';
import { Button, Space, Tag, TreeSelect } from 'antd';
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
    // Enter on a highlighted group row would tick every agency in it: a group is ticked only by
    // its checkbox (a click) or the buttons above, never by the key that picks one agency.
    const group = (value: string, title: string, search: string, children: Node[]): Node => ({ value, title, search: fold(search), selectable: false, children });
    const out: Node[] = [];
    if (deps.length) out.push(group('g:departments', t('Sở, ban, ngành và cơ quan cấp tỉnh', 'Provincial departments and agencies'), 'so nganh tinh departments', deps.map(leaf)));
    if (coms.length) out.push(group('g:communes', t('UBND xã, phường', 'Communes and wards'), 'ubnd xa phuong communes', coms.map(leaf)));
    if (ext.length) out.push(group('g:external', t('Cơ quan ngoài tỉnh (liên thông)', 'Other provinces (interconnection)'), 'co quan ngoai tinh lien thong other provinces interconnection', ext.map(outside)));
    return out;
  }, [agencies, groups, t]);
  const [search, setSearch] = useState('');
  // The tags are named from the organisations, not from the tree: while searching, the tree
  // holds only the matches and would leave the others' tags showing their bare ids.
  const nameOf = useMemo(() => new Map(tree.flatMap((g) => g.children ?? []).map((n) => [n.value, n.title])), [tree]);
  // While searching, the matches are a flat list of agencies: ↓ reaches the first agency found and
  // Enter picks it (with the groups shown, the group row took the highlight and Enter ticked all 13).
  const found = useMemo<Node[] | null>(() => {
    const q = fold(search.trim());
    if (!q) return null;
    return tree.flatMap((g) => g.children ?? []).filter((n) => n.search.includes(q));
  }, [tree, search]);

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
        onChange={(v) => {
          set((v as (number | string)[]).filter((x): x is number => typeof x === 'number'));
          setSearch('');
        }}
        tagRender={({ value: v, label, closable, onClose }) => (
          <Tag closable={closable} onClose={onClose} onMouseDown={(e) => e.preventDefault()} className="lt-recipient-tag">
            {nameOf.get(v as number) ?? label}
          </Tag>
        )}
        treeData={found ?? tree}
        showSearch={{ searchValue: search, onSearch: setSearch, filterTreeNode: false }}
        notFoundContent={t('Không tìm thấy cơ quan nào', 'No agency found')}
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
