import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App as AntApp, Button, Empty, Modal, Popconfirm, Skeleton, Tag } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { Panel } from '../components/Panel';
import { LoadError, Page } from '../components/Page';
import { useI18n } from '../i18n';
import { URGENCY } from '../labels';
import { useDocumentTypes, useRegisters, useUsers } from '../data';
import { RULE_FIELD } from './labels';
import { RuleForm } from './RuleForm';
import type { MailRule, RuleInput } from './types';
import './mail.css';

/**
 * Quy tắc: how the agency's inbound mail is routed. Rules run top to bottom on each message;
 * a later match overrides what an earlier one set, until one says "stop here". The order
 * changes with the arrow buttons (keyboard: Tab to a button, Enter), and the focus stays on
 * the rule that moved.
 */
export default function Rules() {
  const { t, lang, err } = useI18n();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const rules = useQuery({ queryKey: ['mail-rules'], queryFn: () => answer(client.GET('/api/v1/mail/rules')) });
  const types = useDocumentTypes();
  const users = useUsers();
  const registers = useRegisters();
  const [editing, setEditing] = useState<MailRule | 'new' | null>(null);
  const [moving, setMoving] = useState(false);
  const [spoken, setSpoken] = useState('');
  const [moveError, setMoveError] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  // Where the focus goes once the moved list is drawn with its buttons enabled again.
  const focusAfterMove = useRef<{ ruleId: number; by: -1 | 1 } | null>(null);

  const agencyUsers = useMemo(() => (users.data ?? []).filter((u) => u.active), [users.data]);
  const incoming = useMemo(() => (registers.data ?? []).filter((r) => r.kind === 'incoming' && !r.secret && r.active), [registers.data]);
  const typeName = (c: string) => types.data?.find((x) => x.code === c)?.name ?? c;
  const registerName = (id: number) => registers.data?.find((r) => r.id === id)?.name ?? `#${id}`;
  const rows = rules.data ?? [];

  const refresh = () => qc.invalidateQueries({ queryKey: ['mail-rules'] });

  const move = async (rule: MailRule, by: -1 | 1) => {
    const i = rows.findIndex((r) => r.id === rule.id);
    const j = i + by;
    if (j < 0 || j >= rows.length) return;
    const ids = rows.map((r) => r.id);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    setMoving(true);
    setMoveError(null);
    try {
      const next = await answer(client.PUT('/api/v1/mail/rules/order', { body: { ids } }));
      qc.setQueryData(['mail-rules'], next);
      setSpoken(t(`Đã chuyển quy tắc "${rule.name}" tới vị trí ${j + 1}.`, `Moved "${rule.name}" to position ${j + 1}.`));
      focusAfterMove.current = { ruleId: rule.id, by };
    } catch (e) {
      setMoveError(err(e));
      void refresh();
    } finally {
      setMoving(false);
    }
  };

  // The same button of the same rule keeps the focus; at an end, its other arrow. Done after
  // the render that enables the buttons again (a disabled button cannot take the focus).
  useEffect(() => {
    const f = focusAfterMove.current;
    if (!f || moving) return;
    focusAfterMove.current = null;
    const row = list.current?.querySelector<HTMLElement>(`[data-rule="${f.ruleId}"]`);
    const want = row?.querySelector<HTMLButtonElement>(`[data-move="${f.by < 0 ? 'up' : 'down'}"]:not(:disabled)`) ?? row?.querySelector<HTMLButtonElement>('[data-move]:not(:disabled)');
    want?.focus();
  }, [moving, rows]);

  const describe = (r: MailRule) => {
    const where = r.field === 'header' ? `${RULE_FIELD.header![lang]} ${r.headerName ?? ''}` : RULE_FIELD[r.field]![lang];
    const sets: string[] = [];
    if (r.setTypeCode) sets.push(`${t('loại', 'type')} ${typeName(r.setTypeCode)}`);
    if (r.setUrgency) sets.push(`${t('độ khẩn', 'urgency')} ${URGENCY[r.setUrgency]?.[lang] ?? r.setUrgency}`);
    if (r.setAssigneeUserId) sets.push(`${t('giao chủ trì', 'lead')} ${r.setAssigneeName ?? `#${r.setAssigneeUserId}`}`);
    if (r.setRegisterId) sets.push(`${t('vào sổ', 'register')} ${registerName(r.setRegisterId)}`);
    return (
      <>
        {t('Khi', 'When')} <b>{where}</b> {t('chứa', 'contains')} <q>{r.pattern}</q>
        {sets.length > 0 && <> → {t('đặt', 'set')} {sets.join(', ')}</>}
      </>
    );
  };

  const save = async (v: RuleInput) => {
    if (editing === 'new') await client.POST('/api/v1/mail/rules', { body: v });
    else if (editing) await client.PATCH('/api/v1/mail/rules/{id}', { params: { path: { id: editing.id } }, body: v });
    message.success(t('Đã lưu quy tắc.', 'Rule saved.'));
    setEditing(null);
    await refresh();
  };

  return (
    <Page
      title={t('Quy tắc thư đến', 'Inbound mail rules')}
      sub={t(
        'Áp dụng lần lượt từ trên xuống cho mỗi thư đến hộp thư công vụ; quy tắc sau ghi đè giá trị quy tắc trước đã đặt, cho tới quy tắc "Dừng tại đây".',
        'Applied top to bottom to each message reaching the official mailboxes; a later match overrides what an earlier one set, until a rule says "stop here".',
      )}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('Thêm quy tắc', 'Add a rule')}
        </Button>
      }
    >
      {rules.error && <LoadError error={rules.error} retry={() => void rules.refetch()} />}
      {moveError && <Alert type="error" showIcon role="alert" title={t('Chưa đổi được thứ tự', 'The order was not changed')} description={moveError} closable onClose={() => setMoveError(null)} style={{ marginBottom: 12 }} />}
      <Panel className="lt-card" title={t(`${rows.length} quy tắc, theo thứ tự áp dụng`, `${rows.length} rules, in the order they run`)}>
        <div className="lt-sr" aria-live="polite">
          {spoken}
        </div>
        {rules.isLoading ? (
          <Skeleton active />
        ) : rows.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('Chưa có quy tắc: thư đến vào hộp văn bản đến với giá trị mặc định.', 'No rules yet: mail becomes an incoming item with the defaults.')} />
        ) : (
          <ol className="lt-rule-list" ref={list} data-testid="rule-list" aria-busy={moving || undefined}>
            {rows.map((r, i) => (
              <li key={r.id} className={`lt-rule${r.active ? '' : ' lt-rule-off'}`} data-rule={r.id}>
                <span className="lt-rule-pos" aria-hidden>
                  {i + 1}.
                </span>
                <div className="lt-rule-body">
                  <div className="lt-rule-name">
                    {r.name} {!r.active && <Tag className="lt-tag">{t('Tạm dừng', 'Paused')}</Tag>}
                    {r.stop && <Tag className="lt-tag" color="orange">{t('Dừng tại đây', 'Stop here')}</Tag>}
                  </div>
                  <div className="lt-muted">{describe(r)}</div>
                </div>
                <div className="lt-rule-tools">
                  <Button size="small" icon={<ArrowUpOutlined />} data-move="up" disabled={i === 0 || moving} onClick={() => void move(r, -1)} aria-label={t(`Chuyển "${r.name}" lên`, `Move "${r.name}" up`)} />
                  <Button size="small" icon={<ArrowDownOutlined />} data-move="down" disabled={i === rows.length - 1 || moving} onClick={() => void move(r, 1)} aria-label={t(`Chuyển "${r.name}" xuống`, `Move "${r.name}" down`)} />
                  <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)} aria-label={t(`Sửa quy tắc "${r.name}"`, `Edit "${r.name}"`)}>
                    {t('Sửa', 'Edit')}
                  </Button>
                  <Popconfirm
                    title={t('Xóa quy tắc này?', 'Delete this rule?')}
                    description={t('Thư đến sau đó không còn được xử lý theo quy tắc này. Không hoàn tác được.', 'Mail will no longer be routed by it. This cannot be undone.')}
                    okText={t('Xóa', 'Delete')}
                    cancelText={t('Hủy', 'Cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={async () => {
                      try {
                        await client.DELETE('/api/v1/mail/rules/{id}', { params: { path: { id: r.id } } });
                        message.success(t('Đã xóa quy tắc.', 'Rule deleted.'));
                        await refresh();
                      } catch (e) {
                        message.error(err(e));
                      }
                    }}
                  >
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={t(`Xóa quy tắc "${r.name}"`, `Delete "${r.name}"`)}>
                      {t('Xóa', 'Delete')}
                    </Button>
                  </Popconfirm>
                </div>
              </li>
            ))}
          </ol>
        )}
      </Panel>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('Thêm quy tắc thư đến', 'New inbound mail rule') : t('Sửa quy tắc thư đến', 'Edit the rule')}
        footer={null}
        width={760}
        destroyOnHidden
        mask={{ closable: false }}
        onCancel={() => setEditing(null)}
      >
        {editing !== null && (
          <RuleForm
            initial={editing === 'new' ? undefined : editing}
            types={types.data ?? []}
            users={agencyUsers}
            registers={incoming}
            onSubmit={save}
            onCancel={() => setEditing(null)}
          />
        )}
      </Modal>
    </Page>
  );
}
