/**
 * Messages written by a machine in answer to another message (RFC 3834: out-of-office,
 * vacation, delivery reports sent as ordinary mail). A dispatch mail to a hundred agencies
 * can draw dozens of them; none is a document.
 */
export function autoReplyReason(headers: Map<string, string[]>): string | null {
  const one = (name: string) => headers.get(name)?.[0]?.trim().toLowerCase() ?? '';
  const submitted = one('auto-submitted');
  if (submitted && submitted !== 'no') return `Auto-Submitted: ${submitted}`;
  if (headers.has('x-autoreply') || headers.has('x-autorespond')) return 'X-Autoreply';
  const precedence = one('precedence');
  if (precedence === 'auto_reply') return `Precedence: ${precedence}`;
  return null;
}
