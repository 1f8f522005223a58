import { Alert } from 'antd';
import { ApiError } from '../api/client';

/** An API refusal as the server worded it (in the user's language), with its code for support. */
export function ApiErrorAlert({ error, title, testId = 'api-error' }: { error: unknown; title?: string; testId?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : undefined;
  const problems = error instanceof ApiError ? error.problems : [];
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid={testId}
      data-code={code}
      title={title ?? message}
      description={(
        <>
          {title ? <div>{message}</div> : null}
          {problems.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{problems.slice(0, 6).map((p, i) => <li key={i}>{p.pointer ? `${p.pointer}: ` : ''}{p.message}</li>)}</ul> : null}
          {code ? <div style={{ fontSize: 12, opacity: 0.7 }}>{code}</div> : null}
        </>
      )}
    />
  );
}
