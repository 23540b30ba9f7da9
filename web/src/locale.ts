import type { Locale } from 'antd/es/locale';
import viVN from 'antd/es/locale/vi_VN';
import enUS from 'antd/es/locale/en_US';

/**
 * antd's locales with the date pickers' empty text saying the format they expect (every
 * picker here reads dd/mm/yyyy) instead of "Chọn thời điểm" / "Select date".
 */
function withDateFormat(base: Locale): Locale {
  const picker = base.DatePicker!;
  return {
    ...base,
    DatePicker: { ...picker, lang: { ...picker.lang, placeholder: 'dd/mm/yyyy', rangePlaceholder: ['dd/mm/yyyy', 'dd/mm/yyyy'] } },
  };
}

export const LOCALES = { vi: withDateFormat(viVN), en: withDateFormat(enUS) };
