import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Select, Typography, Upload, type UploadFile } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { registerCaseSchema } from '../../../src/domain/case/commands.ts';
import { parseYuan } from '../../../src/domain/money.ts';
import { api, ApiError, idempotencyKey } from '../api/client.ts';
import { useUnits } from '../api/hooks.ts';
import type { CaseView } from '../api/types.ts';
import { useUser } from '../app/auth.tsx';

interface FormValues {
  responsibleUnitId: string;
  title: string;
  facts: string;
  claimedAmount: string;
}

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx,.ofd';

/** An enterprise's complaint (企业在线诉求): who owes what, with its contracts and invoices attached. */
const SubmitComplaintPage = () => {
  const user = useUser();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const units = useUnits();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const key = useMemo(idempotencyKey, []);

  const submit = async (values: FormValues) => {
    setError(null);
    if (files.some((file) => file.status !== 'done')) {
      setError('请等待附件上传完成，或移除上传失败的附件');
      return;
    }
    const input = {
      line: 'arrears' as const,
      source: 'enterprise' as const,
      title: values.title,
      facts: values.facts,
      enterprise: { name: user.unit?.name ?? '', creditCode: user.unit?.creditCode ?? '' },
      responsibleUnitId: values.responsibleUnitId,
      claimedAmount: parseYuan(values.claimedAmount),
      attachmentIds: files.map((file) => (file.response as { id: string }).id),
    };
    const parsed = registerCaseSchema.safeParse(input);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '填写内容有误');
      return;
    }
    setSubmitting(true);
    try {
      const created = await api.post<CaseView>('/api/cases', parsed.data, { 'idempotency-key': key });
      message.success(`诉求已提交，编号 ${created.number}`);
      navigate(`/cases/${created.id}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Card title="提交诉求：政府机关、事业单位或国有企业拖欠账款" style={{ maxWidth: 860 }}>
      <Typography.Paragraph type="secondary">
        提交后由市营商办受理并交办责任单位。无争议且50万元以下（含）的欠款应一次性清偿、原则上不跨年（A1、A2）；超过50万元确有困难的，责任单位须与您协商分期还款计划，经您认可后执行（A3）。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="complaint-error" />}
      <Form<FormValues> layout="vertical" onFinish={submit}>
        <Form.Item label="提交企业">
          <Input value={`${user.unit?.name ?? ''}（${user.unit?.creditCode ?? ''}）`} disabled />
        </Form.Item>
        <Form.Item name="responsibleUnitId" label="欠款单位" rules={[{ required: true, message: '请选择欠款单位' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder="输入单位名称查找"
            loading={units.loading}
            options={(units.data?.items ?? []).filter((unit) => unit.kind !== 'enterprise').map((unit) => ({ value: unit.id, label: unit.name }))}
          />
        </Form.Item>
        <Form.Item name="title" label="诉求标题" rules={[{ required: true, message: '请填写诉求标题' }]}>
          <Input placeholder="如：汉东区教育局拖欠校舍维修工程尾款" maxLength={200} />
        </Form.Item>
        <Form.Item
          name="claimedAmount"
          label="被拖欠金额（元）"
          rules={[{ required: true, message: '请填写被拖欠金额' }, { validator: async (_, value: string) => void (value && parseYuan(value)) }]}
        >
          <Input className="money" style={{ width: 300 }} placeholder="如 680000.00 或 68万元" />
        </Form.Item>
        <Form.Item name="facts" label="情况说明" rules={[{ required: true, message: '请填写情况说明' }]}>
          <Input.TextArea rows={5} maxLength={5000} showCount placeholder="合同签订、履行、验收、结算和催收经过" />
        </Form.Item>
        <Form.Item label="附件（合同、验收单、结算单、发票等，单个不超过10MB）">
          <Upload.Dragger
            name="file"
            action="/api/attachments"
            accept={ACCEPT}
            multiple
            maxCount={10}
            fileList={files}
            onChange={({ fileList }) =>
              setFiles(
                fileList.map((file) =>
                  file.status === 'error'
                    ? { ...file, response: (file.response as { error?: { message: string } } | undefined)?.error?.message ?? '上传失败' }
                    : file,
                ),
              )
            }
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>点击或拖拽文件到此处上传</p>
            <p style={{ color: '#999' }}>支持 PDF、图片、Word、Excel、OFD</p>
          </Upload.Dragger>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={submitting}>
          提交诉求
        </Button>
      </Form>
    </Card>
  );
};

export default SubmitComplaintPage;
