import { Button, Form, Input } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { useRule } from '../common';
import { checkOptional, checkRequired, LIMITS } from '../rules';

/**
 * A list of named items of the national record ({name, code}): fields, subjects,
 * authorities, legal bases, results. One row per item, the name required.
 */
export function NamedList({
  name,
  legend,
  item,
  nameLabel,
  codeLabel,
  addLabel,
  codeWidth = 180,
}: {
  name: string;
  legend: string;
  /** What one item is called, for the buttons and the screen reader ("lĩnh vực"). */
  item: { vi: string; en: string };
  nameLabel: { vi: string; en: string };
  codeLabel: { vi: string; en: string };
  addLabel: string;
  codeWidth?: number;
}) {
  const { t, lang } = useI18n();
  const rule = useRule();
  return (
    <fieldset className="lt-portal-fieldset" data-testid={`list-${name}`}>
      <legend>{legend}</legend>
      <Form.List name={name}>
        {(rows, { add, remove }) => (
          <>
            {rows.map((row, i) => (
              <div key={row.key} className="lt-portal-row">
                <Form.Item
                  name={[row.name, 'name']}
                  className="lt-portal-grow"
                  rules={[rule((v) => checkRequired(v, `${nameLabel.vi} (${item.vi} ${i + 1})`, `${nameLabel.en} (${item.en} ${i + 1})`, LIMITS.text))]}
                >
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} aria-label={`${nameLabel[lang]} — ${item[lang]} ${i + 1}`} />
                </Form.Item>
                <Form.Item name={[row.name, 'code']} style={{ width: codeWidth }} rules={[rule((v) => checkOptional(v, codeLabel.vi, codeLabel.en, 200))]}>
                  <Input aria-label={`${codeLabel[lang]} — ${item[lang]} ${i + 1}`} placeholder={codeLabel[lang]} />
                </Form.Item>
                <Button icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t(`Xóa ${item.vi} ${i + 1}`, `Remove ${item.en} ${i + 1}`)} />
              </div>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '' })} disabled={rows.length >= LIMITS.list}>
              {addLabel}
            </Button>
          </>
        )}
      </Form.List>
    </fieldset>
  );
}
