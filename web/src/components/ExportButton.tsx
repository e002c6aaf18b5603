import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';

/** 导出: downloads the list as its official workbook, with the filters the page shows (`href` carries them). */
export const ExportButton = ({ href, testId }: { href: string; testId: string }) => {
  const { m } = useI18n();
  return (
    <Button icon={<DownloadOutlined />} href={href} download data-testid={testId}>
      {m.common.export}
    </Button>
  );
};
