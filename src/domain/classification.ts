/** Urgency (độ khẩn) and confidentiality (độ mật) of Decree 30 and Law 29/2018. */
export const URGENCIES = ['thuong', 'khan', 'thuong_khan', 'hoa_toc'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, string> = {
  thuong: 'Thường',
  khan: 'Khẩn',
  thuong_khan: 'Thượng khẩn',
  hoa_toc: 'Hỏa tốc',
};
/** edXML OtherInfo/Priority: 0 Thường … 3 Hỏa tốc. */
export const URGENCY_PRIORITY: Record<Urgency, number> = { thuong: 0, khan: 1, thuong_khan: 2, hoa_toc: 3 };

export const CONFIDENTIALITIES = ['thuong', 'mat', 'toi_mat', 'tuyet_mat'] as const;
export type Confidentiality = (typeof CONFIDENTIALITIES)[number];
export const CONFIDENTIALITY_LABELS: Record<Confidentiality, string> = {
  thuong: 'Thường',
  mat: 'Mật',
  toi_mat: 'Tối mật',
  tuyet_mat: 'Tuyệt mật',
};

/** State-secret documents: own series and registers, never transmitted electronically. */
export const isSecret = (c: Confidentiality): boolean => c !== 'thuong';

export const SIGNER_COMPETENCES = ['', 'TM.', 'KT.', 'TL.', 'TUQ.', 'Q.'] as const;
