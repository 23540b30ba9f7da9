import { useEffect, useRef, useState } from 'react';
import { App as AntApp, Form, Skeleton } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api';
import { answer, client, postFile } from '../api/client';
import { useAuth, useMe } from '../auth';
import { useI18n } from '../i18n';
import { navigate, setQuery, useLocation } from '../router';
import { useDocumentTypes, useOrganizations } from '../data';
import { LoadError, Page } from '../components/Page';
import { previewSymbol } from '../compose-rules';
import { checkDraftingUnit } from '../compose-rules';
import { ComposeForm, toDayjs, toDraftBody, type ComposeValues, type LoadNextNumber, type PendingFile } from './compose/ComposeForm';

const loadNextNumber: LoadNextNumber = (query, signal) => answer(client.GET('/api/v1/registers/next-number', { params: { query }, signal }));

export default function Compose() {
  const me = useMe();
  const { has } = useAuth();
  const { t, err } = useI18n();
  const { modal, message } = AntApp.useApp();
  const qc = useQueryClient();
  const { query } = useLocation();
  const editId = Number(query.get('id')) || null;
  const types = useDocumentTypes();
  const orgs = useOrganizations();
  const existing = useQuery({ queryKey: ['document', editId], queryFn: () => answer(client.GET('/api/v1/documents/{id}', { params: { path: { id: editId! } } })), enabled: !!editId });
  const [form] = Form.useForm<ComposeValues>();
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [busy, setBusy] = useState<'save' | 'issue' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fileIssueError, setFileIssueError] = useState<string | null>(null);
  const draftId = useRef<number | null>(editId);
  const filesRef = useRef(files);
  filesRef.current = files;

  useEffect(() => {
    const d = existing.data;
    if (!d) return;
    draftId.current = d.id;
    setFiles(d.attachments.map((a) => ({ uid: `s${a.id}`, name: a.fileName, size: a.size, role: a.role === 'main' ? 'main' : 'appendix', percent: 100, state: 'done' })));
  }, [existing.data]);

  const setFile = (uid: string, patchF: Partial<PendingFile>) => setFiles((list) => list.map((f) => (f.uid === uid ? { ...f, ...patchF } : f)));

  /** Creates or updates the draft, then uploads what is not uploaded yet. Answers the draft id. */
  const save = async (v: ComposeValues): Promise<number> => {
    const body = toDraftBody(v);
    let id = draftId.current;
    if (id) await client.PATCH('/api/v1/documents/{id}', { params: { path: { id } }, body });
    else {
      const d = await answer(client.POST('/api/v1/documents', { body }));
      id = draftId.current = d.id;
      setQuery({ id }); // a reload keeps working on the same draft
    }
    for (const f of filesRef.current) {
      if (f.state === 'done' || !f.file) continue;
      setFile(f.uid, { state: 'uploading', percent: 0, error: undefined });
      try {
        await postFile('/api/v1/documents/{id}/attachments', { params: { path: { id } }, body: { file: f.file, role: f.role }, onProgress: (percent) => setFile(f.uid, { percent }) });
        setFile(f.uid, { state: 'done', percent: 100 });
      } catch (e) {
        setFile(f.uid, { state: 'error', error: err(e) });
        throw e;
      }
    }
    void qc.invalidateQueries({ queryKey: ['document', id] });
    return id;
  };

  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.code === 'main_pdf_required') {
      // Said next to the files, where it is put right (or the paper-only box ticked).
      setFileIssueError(err(e));
      setTimeout(() => document.getElementById('main-pdf-error')?.scrollIntoView({ block: 'center' }), 50);
      return;
    }
    setError(err(e));
    if (e instanceof ApiError && e.field && e.field !== 'file') {
      const name = e.field.split(/[.[]/)[0]!;
      form.setFields([{ name: name as keyof ComposeValues, errors: [err(e)] }]);
      form.scrollToField(name as keyof ComposeValues, { block: 'center' });
    } else window.scrollTo({ top: 0 });
  };

  const onSave = async (v: ComposeValues) => {
    setBusy('save');
    setError(null);
    try {
      const id = await save(v);
      message.success(t('Đã lưu dự thảo.', 'Draft saved.'));
      void qc.invalidateQueries({ queryKey: ['outbox'] });
      navigate(`/documents/${id}`);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  const onIssue = async (v: ComposeValues) => {
    const type = types.data?.find((x) => x.code === v.typeCode);
    const agency = orgs.data?.find((o) => o.id === me.agencyId);
    const secret = v.confidentiality !== 'thuong';
    // The freshest expected number for the confirmation; the pattern if the server cannot say.
    const unit = v.draftingUnit?.trim().toUpperCase();
    setBusy('issue');
    const next = v.typeCode
      ? await loadNextNumber(
          { typeCode: v.typeCode, confidentiality: v.confidentiality, ...(unit && !checkDraftingUnit(unit) ? { draftingUnit: unit } : {}), ...(existing.data?.registerId ? { registerId: existing.data.registerId } : {}) },
          new AbortController().signal,
        ).catch(() => null)
      : null;
    setBusy(null);
    modal.confirm({
      title: t('Cấp số và phát hành văn bản?', 'Number and issue this document?'),
      width: 520,
      content: (
        <div>
          <p>
            {next ? t('Số, ký hiệu dự kiến', 'Expected number and symbol') : t('Số, ký hiệu', 'Number and symbol')}: <b className="lt-symbol-big">{next?.symbol ?? previewSymbol(type?.abbr, agency?.shortName, v.draftingUnit)}</b>
          </p>
          {next && <p className="lt-muted lt-small">{t('Số chính thức được cấp khi bấm Phát hành; nếu văn thư khác vừa phát hành trước, số có thể lớn hơn.', 'The number is taken when you press Issue; if another clerk has just issued, it may be higher.')}</p>}
          <p>
            {secret
              ? t('Văn bản mật: chỉ cấp số và vào sổ mật; phát hành bản giấy.', 'Secret: numbered in the secret register only; deliver on paper.')
              : v.paperOnly
                ? t(`Chỉ phát hành bản giấy: văn bản được cấp số, vào sổ và gửi bản giấy tới ${v.recipients.length} nơi nhận, không gửi qua mạng. Sau khi phát hành không sửa được nữa.`, `Paper only: numbered, registered and sent on paper to ${v.recipients.length} recipients, not transmitted. It cannot be changed afterwards.`)
                : t(`Văn bản được gửi ngay tới ${v.recipients.length} nơi nhận, kèm ${files.length} tệp. Sau khi phát hành không sửa được nữa.`, `It is sent at once to ${v.recipients.length} recipients with ${files.length} files. It cannot be changed afterwards.`)}
          </p>
        </div>
      ),
      okText: t('Phát hành', 'Issue'),
      cancelText: t('Hủy', 'Cancel'),
      onOk: async () => {
        setBusy('issue');
        setError(null);
        setFileIssueError(null);
        try {
          const id = await save(v);
          const r = await answer(client.POST('/api/v1/documents/{id}/issue', { params: { path: { id } }, body: v.paperOnly && !secret ? { paperOnly: true } : {} }));
          message.success(
            r.paperOnly && !secret
              ? t(`Đã phát hành văn bản số ${r.symbol}, chỉ bản giấy.`, `Issued as ${r.symbol}, on paper only.`)
              : t(`Đã phát hành văn bản số ${r.symbol}, gửi ${r.dispatched.length} nơi nhận.`, `Issued as ${r.symbol} to ${r.dispatched.length} recipients.`),
            6,
          );
          for (const k of [['outbox'], ['document', id], ['trail', id]]) void qc.invalidateQueries({ queryKey: k });
          navigate(`/documents/${id}`);
        } catch (e) {
          fail(e);
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const loadError = types.error ?? orgs.error ?? existing.error;
  const ready = types.data && orgs.data && (!editId || existing.data);
  const d = existing.data;
  return (
    <Page
      title={editId ? t('Sửa dự thảo văn bản', 'Edit draft') : t('Soạn và phát hành văn bản', 'Compose and issue')}
      sub={t('Các trường có dấu * là bắt buộc; lỗi hiện ngay khi nhập.', 'Fields marked * are required; mistakes show as you type.')}
    >
      {loadError && <LoadError error={loadError} />}
      {!ready ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : d && d.state !== 'draft' ? (
        <LoadError error={new ApiError(409, 'already_issued', 'Văn bản đã phát hành, không sửa được nữa.', 'The document is already issued.')} />
      ) : (
        <ComposeForm
          form={form}
          types={types.data!}
          orgs={orgs.data!}
          agencyId={me.agencyId}
          initial={
            d
              ? {
                  typeCode: d.typeCode,
                  summary: d.summary,
                  content: d.content ?? undefined,
                  signerName: d.signerName ?? undefined,
                  signerPosition: d.signerPosition ?? undefined,
                  signerCompetence: d.signerCompetence ?? '',
                  urgency: d.urgency,
                  confidentiality: d.confidentiality,
                  dueDate: toDayjs(d.dueDate),
                  draftingUnit: d.draftingUnit ?? undefined,
                  recipients: d.recipients.map((r) => r.orgId),
                  recordKeeper: d.recordKeeper ?? undefined,
                  copiesCount: d.copiesCount,
                  notes: d.notes ?? undefined,
                }
              : { typeCode: 'CV', signerCompetence: '' }
          }
          files={files}
          onFilesChange={setFiles}
          onSave={onSave}
          onIssue={onIssue}
          busy={busy}
          error={error}
          fileIssueError={fileIssueError}
          canIssue={has('clerk')}
          loadNextNumber={loadNextNumber}
          registerId={d?.registerId}
        />
      )}
    </Page>
  );
}
