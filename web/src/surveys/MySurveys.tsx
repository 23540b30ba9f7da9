import { Card, Empty, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { get } from '../api';
import { LoadError, Page } from '../components/Page';
import { fmtDate } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { ResponseStatusTag } from './labels';
import type { MyResponse } from './types';
import './surveys.css';

/** Phiếu khảo sát: the questionnaires the user's organisation is asked to answer, newest period first. */
export default function MySurveys() {
  const { t } = useI18n();
  const list = useQuery({ queryKey: ['surveys', 'mine'], queryFn: () => get<MyResponse[]>('/api/v1/surveys/my-responses') });
  return (
    <Page title={t('Phiếu khảo sát', 'Surveys to answer')} sub={t('Khảo sát ứng dụng CNTT, chuyển đổi số của Sở KH&CN: khai, lưu nháp, nộp phiếu.', 'The IT department’s survey of IT use: fill in, save a draft, submit.')}>
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
