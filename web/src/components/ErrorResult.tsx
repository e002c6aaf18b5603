import { Button, Result } from 'antd';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** A failed load, in Chinese, with a retry. */
export const ErrorResult = ({ error, onRetry }: { error: Error; onRetry?: () => void }) => {
  const { m } = useI18n();
  const status = error instanceof ApiError && (error.status === 404 || error.status === 403) ? (String(error.status) as '404' | '403') : 'error';
  return (
    <Result
      status={status}
      title={error.message}
      {...(onRetry ? { extra: <Button onClick={onRetry}>{m.common.retry}</Button> } : {})}
    />
  );
};
