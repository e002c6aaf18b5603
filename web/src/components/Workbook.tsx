import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';

/** The head of a workbook import: what it does, and the template to fill in. */
export const WorkbookTemplate = ({ intro, href, label, hint, testId }: { intro: string; href: string; label: string; hint: string; testId: string }) => (
  <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
    <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
      {intro}
    </Typography.Paragraph>
    <Space wrap>
      <Button icon={<DownloadOutlined />} href={href} download data-testid={testId}>
        {label}
      </Button>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {hint}
      </Typography.Text>
    </Space>
  </Space>
);

/** What an upload area for a workbook says: drop it here, or that it is being read. */
export const WorkbookDropText = ({ busy, busyText, drop, formats }: { busy: boolean; busyText: string; drop: string; formats: string }) => (
  <>
    <p className="ant-upload-drag-icon">
      <InboxOutlined />
    </p>
    <p>{busy ? busyText : drop}</p>
    <p style={{ color: '#999' }}>{formats}</p>
  </>
);
