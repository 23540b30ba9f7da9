import type { ReactNode } from 'react';

/**
 * A titled box. Lighter than antd's Card (which brings its tabs along) so that the screens of
 * the first load stay small.
 */
export function Panel({ title, extra, children, className, bodyClassName, ...rest }: { title?: ReactNode; extra?: ReactNode; children?: ReactNode; className?: string; bodyClassName?: string; 'data-testid'?: string }) {
  return (
    <section className={`lt-panel ${className ?? ''}`} {...rest}>
      {(title || extra) && (
        <header className="lt-panel-head">
          {title && <h2 className="lt-panel-title">{title}</h2>}
          {extra && <div className="lt-panel-extra">{extra}</div>}
        </header>
      )}
      <div className={`lt-panel-body ${bodyClassName ?? ''}`}>{children}</div>
    </section>
  );
}
