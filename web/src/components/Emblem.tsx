/** A red badge with the yellow star: the mark of a state office (not the national emblem). */
export function Emblem({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <circle cx="16" cy="16" r="15" fill="#c8102e" stroke="#f2c200" strokeWidth="1.5" />
      <path d="M16 6.5l2.3 6.9h7.2l-5.8 4.3 2.2 6.9L16 20.4l-5.9 4.2 2.2-6.9-5.8-4.3h7.2z" fill="#ffd400" />
    </svg>
  );
}
