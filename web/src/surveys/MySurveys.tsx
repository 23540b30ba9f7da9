import { useState } from 'react';
import { Button, Card, Empty, Space, Tag } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../api';
import { client } from '../api/client';
import { useMe } from '../auth';
import { EnterpriseForm } from './EnterpriseForm';
import { ENTERPRISE_SIZE_LABELS, VSIC_SECTIONS } from '../../../src/domain/surveys';
import { LoadError, Page } from '../components/Page';
import { fmtDate } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { ResponseStatusTag } from './labels';
import './surveys.css';

/** Phiếu khảo sát: the questionnaires the user's organisation is asked to answer, newest period first. */
export default function MySurveys() {
  const { t } = useI18n();
  const list = useQuery({ queryKey: ['surveys', 'mine'], queryFn: async () => (await client.GET('/api/v1/surveys/my-responses')).data! });
  return (
    <Page title={t('Phiếu khảo sát', 'Surveys to answer')} sub={t('Khảo sát ứng dụng CNTT, chuyển đổi số của Sở KH&CN: khai, lưu nháp, nộp phiếu.', 'The IT department’s survey of IT use: fill in, save a draft, submit.')}>
      <MyEnterprise />
      {list.error && <LoadError error={list.error} retry={() => void list.refetch()} />}
      {list.data?.length === 0 && <Empty description={t('Tổ chức của bạn chưa được hỏi kỳ khảo sát nào.', 'Your organisation has not been asked in any survey yet.')} />}
      <div className="lt-survey-cards">
        {list.data?.map((r) => (
          <Card key={r.id} size="small" data-response={r.id}>
            <Link to={`/surveys/responses/${r.id}`}>
              <b>{r.period.name}</b> ({r.period.code})
            </Link>
            <div className="lt-muted" style={{ margin: '4px 0' }}>
              {r.period.status === 'open' ? t(`Hạn nộp: ${fmtDate(r.period.closesOn)}`, `Due ${fmtDate(r.period.closesOn)}`) : t('Kỳ khảo sát đã đóng', 'Closed')}
              {r.submittedAt && <> · {t('Nộp ngày', 'Submitted')} {fmtDate(r.submittedAt)}</>}
            </div>
            <Space wrap>
              <ResponseStatusTag status={r.status} />
              {r.status === 'returned' && r.returnComment && <span>{r.returnComment}</span>}
            </Space>
          </Card>
        ))}
      </div>
    </Page>
  );
}

/** An enterprise's own profile (what the aggregates group it by), which it keeps up to date; nothing for an agency. */
function MyEnterprise() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const profile = useQuery({
    queryKey: ['surveys', 'enterprise', me.agencyId],
    queryFn: async () => {
      try {
        return (await client.GET('/api/v1/surveys/enterprises/{id}', { params: { path: { id: me.agencyId } } })).data!;
      } catch (e) {
        // An agency (or an enterprise not registered for the surveys) has no profile: nothing to show.
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
  const p = profile.data;
  if (!p) return null;
  return (
    <Card size="small" style={{ marginBottom: 12 }} title={t('Hồ sơ doanh nghiệp', 'Enterprise profile')} data-testid="my-enterprise" extra={<Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>{t('Sửa hồ sơ', 'Edit')}</Button>}>
      <b>{p.name}</b>
      <div className="lt-muted">
        {t('Mã số thuế', 'Tax code')}: {p.taxCode || '—'} · {p.sectorCode ? `${p.sectorCode} — ${VSIC_SECTIONS[p.sectorCode]?.[lang] ?? ''}` : '—'} · {p.commune || '—'} · {ENTERPRISE_SIZE_LABELS[p.size][lang]}
      </div>
      {!p.complete && <Tag color="orange" className="lt-tag">{t('Hồ sơ chưa đủ: hãy bổ sung để được khảo sát', 'Profile incomplete: complete it to be surveyed')}</Tag>}
      <EnterpriseForm open={editing} current={p} mayRename={false} mayChangeTaxCode={!p.complete} onClose={() => setEditing(false)} />
    </Card>
  );
}
