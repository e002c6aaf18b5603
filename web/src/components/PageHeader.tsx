import { Breadcrumb, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n.tsx';

interface PageHeaderProps {
  /** The page's title, the breadcrumb's last step. */
  readonly title: string;
  /** One line under the title: what the page holds. */
  readonly subtitle?: ReactNode;
  /** Steps between 首页 and the page, each with its link. */
  readonly trail?: readonly { readonly title: string; readonly to: string }[];
  /** Buttons on the right of the title. */
  readonly extra?: ReactNode;
}

/**
 * The header of a work page, as Ant Design Pro's PageContainer lays it out: a breadcrumb
 * (首页 / … / the page), the title with its actions on the right, and a line of description.
 */
export const PageHeader = ({ title, subtitle, trail = [], extra }: PageHeaderProps) => {
  const { m } = useI18n();
  return (
    <div data-testid="page-header">
      <Breadcrumb
        items={[{ title: <Link to="/">{m.listView.home}</Link> }, ...trail.map((step) => ({ title: <Link to={step.to}>{step.title}</Link> })), { title }]}
      />
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {subtitle && (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {subtitle}
        </Typography.Paragraph>
      )}
    </div>
  );
};
