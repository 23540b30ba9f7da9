import { DomainError } from '../errors.js';

/**
 * Errors of an edXML package. Each names the element in error (its path from the envelope,
 * e.g. "MessageHeader/Code/CodeNumber") in the field and in both messages.
 */
export const missingElement = (path: string) =>
  new DomainError('validation', 'edxml_missing', `Gói edXML thiếu phần tử bắt buộc ${path}.`, `The edXML package lacks the required element ${path}.`, path);

export const emptyElement = (path: string) =>
  new DomainError('validation', 'edxml_empty', `Phần tử ${path} của gói edXML không được để trống.`, `The element ${path} of the edXML package must not be empty.`, path);

export const repeatedElement = (path: string) =>
  new DomainError('validation', 'edxml_repeated', `Phần tử ${path} chỉ được xuất hiện một lần trong gói edXML.`, `The element ${path} may appear only once in an edXML package.`, path);

export const invalidElement = (path: string, vi: string, en: string) =>
  new DomainError('validation', 'edxml_invalid', `Phần tử ${path} không hợp lệ: ${vi}`, `The element ${path} is invalid: ${en}`, path);

export const malformedXml = (detail: string) =>
  new DomainError('validation', 'edxml_malformed', `Gói edXML không phải XML hợp lệ: ${detail}`, `The edXML package is not well-formed XML: ${detail}`, 'package');

export const doctypeRefused = () =>
  new DomainError(
    'validation',
    'edxml_doctype',
    'Gói edXML không được chứa DOCTYPE hay khai báo thực thể (ENTITY): các khai báo này bị từ chối vì lý do an toàn.',
    'An edXML package must not contain a DOCTYPE or entity declarations: they are refused for safety.',
    'package',
  );

export const wrongEncoding = (what: string) =>
  new DomainError(
    'unsupported_media',
    'edxml_encoding',
    `Gói edXML phải được mã hóa UTF-8 (${what}). Hãy lưu lại gói với mã UTF-8.`,
    `An edXML package must be encoded in UTF-8 (${what}). Save the package as UTF-8.`,
    'package',
  );

export const packageTooLarge = (limitBytes: number) => {
  const mb = Math.round((limitBytes / 1048576) * 10) / 10;
  return new DomainError('too_large', 'edxml_too_large', `Gói edXML vượt quá giới hạn ${mb} MB.`, `The edXML package is larger than the ${mb} MB limit.`, 'package');
};

export const attachmentTooLarge = (path: string, limitBytes: number) => {
  const mb = Math.round((limitBytes / 1048576) * 10) / 10;
  return new DomainError('too_large', 'edxml_attachment_too_large', `Tệp đính kèm ${path} vượt quá giới hạn ${mb} MB.`, `The attachment ${path} is larger than the ${mb} MB limit.`, path);
};

export const tooComplex = (vi: string, en: string) => new DomainError('validation', 'edxml_too_complex', `Gói edXML quá phức tạp: ${vi}`, `The edXML package is too complex: ${en}`, 'package');
