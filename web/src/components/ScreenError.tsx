import { Component, type ReactNode } from 'react';
import { Alert, Button } from 'antd';

interface Props {
  /** A new value (the user went elsewhere) clears the error. */
  resetKey: string;
  title: string;
  detail: string;
  retry: string;
  children: ReactNode;
}

/**
 * Keeps the navigation usable when one screen fails to render or to load: the failure is
 * shown in place of the screen, with a way to try again, instead of a blank page.
 */
export class ScreenError extends Component<Props, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidUpdate(prev: Props) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="lt-page">
        <Alert
          type="error"
          showIcon
          title={this.props.title}
          description={
            <>
              <p>{this.props.detail}</p>
              <Button onClick={() => window.location.reload()}>{this.props.retry}</Button>
            </>
          }
        />
      </div>
    );
  }
}
