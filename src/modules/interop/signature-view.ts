import { SIGNATURE_LABELS, type SignatureCheck, type SignatureResult } from '../../domain/edxml/signature.js';
import { refused } from '../../domain/errors.js';

/** How a package signature reads on an item's trail and in the package log. */
export function signatureNote(check: SignatureCheck): string {
  const label = SIGNATURE_LABELS[check.result].vi;
  return check.result === 'valid' && check.subject ? `${label} (${check.subject})` : label;
}

export function signatureView(result: string, detail: string | null) {
  const r = (result in SIGNATURE_LABELS ? result : 'none') as SignatureResult;
  return { result: r, label: SIGNATURE_LABELS[r].vi, labelEn: SIGNATURE_LABELS[r].en, detail: detail ? (JSON.parse(detail) as Omit<SignatureCheck, 'result'>) : null };
}

export const signatureDetail = (check: SignatureCheck) => {
  const { result: _result, ...rest } = check;
  return Object.keys(rest).length ? JSON.stringify(rest) : null;
};

export const signatureRefused = (check: SignatureCheck) =>
  refused(
    'edxml_signature_invalid',
    `Chữ ký số của gói edXML không hợp lệ: gói đã bị thay đổi sau khi ký hoặc chữ ký sai. Gói bị từ chối. (${check.reason ?? ''})`,
    `The edXML package signature is invalid: the package was changed after signing, or the signature is wrong. The package is refused. (${check.reason ?? ''})`,
  );
