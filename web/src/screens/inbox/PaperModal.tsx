import { useState } from 'react';
import { App as AntApp, AutoComplete, Col, DatePicker, Form, Input, Progress, Row, Select, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { answer, client, postFile } from '../../api/client';
import { useI18n } from '../../i18n';
import { navigate } from '../../router';
import { CONFIDENTIALITY, URGENCY } from '../../labels';
import { useDocumentTypes, useOrganizations } from '../../data';
import { checkFile } from '../../compose-rules';
import { ActionModal } from '../document/ActionModal';

interface PaperForm {
  sender: string;
  symbol?: string;
  docDate?: Dayjs | null;
  typeCode: string;
  summary: string;
  signerName?: string;
  urgency: string;
  confidentiality: string;
  deadline?: Dayjs | null;
}

/** A paper document that came by post or by hand: registered at once (03), with its scan. */
export default function PaperModal({ onClose }: { onClose(): void }) {
  const { t, lang, err } = useI18n();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const types = useDocumentTypes();
  const orgs = useOrganizations();
  const [scan, setScan] = useState<File | null>(null);
  const [scanError, setScanError] = useState<string | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [created, setCreated] = useState<{ itemId: number; documentId: number; arrivalNumber: number } | null>(null);

  return (
    <ActionModal<PaperForm>
      open
      width={760}
      title={t('Vào sổ văn bản đến bản giấy', 'Register a paper document')}
      okText={created ? t('Tải lại bản quét', 'Upload the scan again') : t('Vào sổ', 'Register')}
      initialValues={{ typeCode: 'CV', urgency: 'thuong', confidentiality: 'thuong' }}
      onClose={onClose}
      onSubmit={async (v) => {
        // A retry after a failed scan upload must not register the document twice.
        const r =
          created ??
          (await answer(
            client.POST('/api/v1/inbox/paper', {
              body: {
                sender: v.sender.trim(),
                symbol: v.symbol?.trim() || undefined,
                docDate: v.docDate?.format('YYYY-MM-DD'),
                typeCode: v.typeCode,
                summary: v.summary.trim(),
                signerName: v.signerName?.trim() || undefined,
                urgency: v.urgency,
                confidentiality: v.confidentiality,
                deadline: v.deadline?.format('YYYY-MM-DD'),
              },
            }),
          ));
        setCreated(r);
        void qc.invalidateQueries({ queryKey: ['inbox'] });
        void qc.invalidateQueries({ queryKey: ['work'] });
        if (scan) {
          setPercent(0);
          try {
            await postFile('/api/v1/inbox/{itemId}/scan', { params: { path: { itemId: r.itemId } }, body: { file: scan }, onProgress: setPercent });
          } catch (e) {
            setScanError(`${t(`Đã vào sổ số đến ${r.arrivalNumber}, nhưng chưa tải được bản quét:`, `Registered as no. ${r.arrivalNumber}, but the scan failed:`)} ${err(e)}`);
            throw e;
          }
        }
        message.success(t(`Đã vào sổ văn bản giấy, số đến ${r.arrivalNumber}.`, `Registered, arrival no. ${r.arrivalNumber}.`));
        navigate(`/documents/${r.documentId}`);
      }}
    >
      <Row gutter={10}>
        <Col span={14}>
          <Form.Item name="sender" label={t('Cơ quan ban hành', 'Issued by')} rules={[{ required: true, whitespace: true, message: t('Nhập cơ quan ban hành.', 'Enter the issuing body.') }]}>
            <AutoComplete
              disabled={!!created}
              options={(orgs.data ?? []).filter((o) => o.kind !== 'unit').map((o) => ({ value: o.name }))}
              filterOption={(input, o) => String(o?.value ?? '').toLowerCase().includes(input.toLowerCase())}
              placeholder={t('Ví dụ: Bộ Tài chính', 'E.g. Ministry of Finance')}
            />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="symbol" label={t('Số, ký hiệu', 'Number, symbol')} rules={[{ max: 60 }]}>
            <Input disabled={!!created} placeholder="123/BTC-NSNN" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="typeCode" label={t('Loại văn bản', 'Type')} rules={[{ required: true }]}>
            <Select disabled={!!created} showSearch={{ optionFilterProp: 'label' }} options={(types.data ?? []).map((x) => ({ value: x.code, label: x.name }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="docDate" label={t('Ngày văn bản', 'Dated')}>
            <DatePicker disabled={!!created} format="DD/MM/YYYY" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="deadline" label={t('Hạn xử lý', 'Deadline')}>
            <DatePicker disabled={!!created} format="DD/MM/YYYY" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="summary" label={t('Trích yếu', 'Summary')} rules={[{ required: true, whitespace: true, message: t('Nhập trích yếu.', 'Enter the summary.') }, { max: 500 }]}>
        <Input.TextArea disabled={!!created} autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
      <Row gutter={10}>
        <Col span={10}>
          <Form.Item name="signerName" label={t('Người ký', 'Signed by')}>
            <Input disabled={!!created} />
          </Form.Item>
        </Col>
        <Col span={7}>
          <Form.Item name="urgency" label={t('Độ khẩn', 'Urgency')}>
            <Select disabled={!!created} options={Object.entries(URGENCY).map(([k, v]) => ({ value: k, label: v[lang] }))} />
          </Form.Item>
        </Col>
        <Col span={7}>
          <Form.Item name="confidentiality" label={t('Độ mật', 'Confidentiality')}>
            <Select disabled={!!created} options={Object.entries(CONFIDENTIALITY).map(([k, v]) => ({ value: k, label: v[lang] }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('Bản quét (PDF hoặc ảnh)', 'Scan (PDF or image)')} help={scanError ?? undefined} validateStatus={scanError ? 'error' : undefined}>
        <Upload
          maxCount={1}
          accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff"
          beforeUpload={(f) => {
            const e = checkFile(f);
            setScanError(e ? e[lang] : null);
            if (!e) setScan(f);
            return Upload.LIST_IGNORE;
          }}
          showUploadList={false}
        >
          <span className="lt-scan-pick">
            <UploadOutlined aria-hidden /> {scan ? scan.name : t('Chọn tệp quét…', 'Choose the scan…')}
          </span>
        </Upload>
        {percent !== null && <Progress percent={percent} size="small" aria-label={t('Tiến độ tải lên bản quét', 'Scan upload progress')} />}
      </Form.Item>
    </ActionModal>
  );
}
