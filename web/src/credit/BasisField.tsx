import { Checkbox, Form, Input, type FormInstance } from 'antd';
import { PAYMENT_REGULATION } from '../../../src/domain/payment-regulation.ts';
import {
  PAYMENT_REGULATION_ARTICLE_NAME,
  PAYMENT_REGULATION_ARTICLES,
  paymentRegulationBasis,
  type PaymentRegulationArticle,
} from '../../../src/domain/credit/basis.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** The articles a basis of the payment regulation cites, read back from its text. */
const citedArticles = (basis: string | undefined): PaymentRegulationArticle[] =>
  basis?.startsWith(PAYMENT_REGULATION) ? PAYMENT_REGULATION_ARTICLES.filter((article) => basis.includes(PAYMENT_REGULATION_ARTICLE_NAME[article])) : [];

/**
 * 认定依据: the text, and for an arrear the articles of 保障中小企业款项支付条例 in its 2025 numbering
 * (Arts. 9, 14, 15, 17, 26) to tick, which write the text; the text stays editable.
 */
export const BasisField = ({ form, articles }: { form: FormInstance; articles: boolean }) => {
  const { m } = useI18n();
  const c = m.credit;
  const basis = Form.useWatch('basis', form) as string | undefined;
  return (
    <>
      <Form.Item name="basis" label={c.fields.basis} rules={[{ required: true, whitespace: true, message: m.common.required(c.fields.basis) }]} style={articles ? { marginBottom: 8 } : undefined}>
        <Input maxLength={1000} />
      </Form.Item>
      {articles && (
        <Form.Item label={c.basisArticles} colon={false}>
          <Checkbox.Group
            value={citedArticles(basis)}
            onChange={(checked) => form.setFieldValue('basis', paymentRegulationBasis(checked as PaymentRegulationArticle[]))}
            options={PAYMENT_REGULATION_ARTICLES.map((article) => ({ value: article, label: c.article(article) }))}
            data-testid="credit-basis-articles"
          />
        </Form.Item>
      )}
    </>
  );
};
