import { Typography } from 'antd';
import { createContext, useCallback, useContext, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

type Report = (uploader: string, uploading: boolean) => void;

const UploadsContext = createContext<Report | null>(null);

/**
 * A form's files still uploading, as its uploads report them: the form holds its submit until
 * every upload finished or failed, so no action goes without the file the user chose.
 * `Uploads` wraps the form's fields; `uploading` is true while any of them uploads.
 */
export const useUploadTracker = (): { uploading: boolean; Uploads: (props: { children: ReactNode }) => ReactNode } => {
  const [pending, setPending] = useState<ReadonlySet<string>>(() => new Set());
  const report = useCallback<Report>((uploader, uploading) => {
    setPending((before) => {
      if (before.has(uploader) === uploading) return before;
      const next = new Set(before);
      if (uploading) next.add(uploader);
      else next.delete(uploader);
      return next;
    });
  }, []);
  const Uploads = useMemo(() => ({ children }: { children: ReactNode }) => <UploadsContext.Provider value={report}>{children}</UploadsContext.Provider>, [report]);
  return { uploading: pending.size > 0, Uploads };
};

/** An upload tells the form around it (if any) whether it is uploading; unmounted, it is not. */
export const useReportUploading = (uploading: boolean): void => {
  const report = useContext(UploadsContext);
  const uploader = useId();
  useEffect(() => {
    report?.(uploader, uploading);
  }, [report, uploader, uploading]);
  useEffect(() => () => report?.(uploader, false), [report, uploader]);
};

/** The hint beside a held submit button: 文件上传中…, the button enabled again once the files are done. */
export const UploadingHint = ({ uploading }: { uploading: boolean }) => {
  const { m } = useI18n();
  if (!uploading) return null;
  return (
    <Typography.Text type="warning" data-testid="upload-pending-hint" style={{ fontSize: 13 }}>
      {m.caseFiles.uploadingHold}
    </Typography.Text>
  );
};
