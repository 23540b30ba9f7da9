import { useI18n } from '../i18n';
import { Badge } from '../labels';
import { SIGNATURE } from './labels';
import type { SignatureResult } from './types';

/** The result of checking a package's signature, with who signed when it is valid. */
export function SignatureBadge({ result, subject, reason }: { result: SignatureResult; subject?: string | null; reason?: string | null }) {
  const { lang } = useI18n();
  const s = SIGNATURE[result] ?? SIGNATURE.none!;
  const title = [subject, reason].filter(Boolean).join(' — ') || undefined;
  return (
    <span title={title} data-signature={result}>
      <Badge tone={s.tone}>{s[lang]}</Badge>
      {result === 'valid' && subject && <span className="lt-muted"> {subject}</span>}
    </span>
  );
}
