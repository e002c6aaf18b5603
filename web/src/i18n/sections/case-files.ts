import { ATTACHMENT_MAX_TEXT } from '../../../../src/domain/attachments.ts';

/**
 * Messages of a case's files: the upload of one file in an action's form (the signed document,
 * the voucher), the files of a step in the timeline, the 附件 card listing every file of the case
 * with who brought it at which step, and the enterprise's consent form restating the plan. Chinese
 * first; the English object has the same shape.
 */
export const caseFilesZh = {
  upload: '上传文件',
  replace: '重新上传',
  remove: '移除',
  uploading: '正在上传…',
  uploaded: (name: string) => `已上传：${name}`,
  uploadFailed: '上传失败',
  uploadPending: '请等待文件上传完成',
  limits: `PDF、图片、Word、Excel 或 OFD，单个不超过${ATTACHMENT_MAX_TEXT}`,
  /** The fields of the actions that take one file. */
  fields: {
    signedConsent: '签章的还款计划确认书（建议上传）',
    signedConsentHelp: '请上传加盖企业公章的确认书或同意书扫描件；不上传也可提交，以本账号的确认为准',
    signedDeferral: '签章的同意书（建议上传）',
    signedObjection: '签章的意见书（可选）',
    recordedDocument: '企业签章文件扫描件',
    recordedDocumentHelp: '代企业登记意见时，须注明企业签章文件或上传其扫描件',
    voucherFile: '付款凭证扫描件',
    voucherFileHelp: '银行回单、国库集中支付凭证等，建议上传',
    waiverFile: '企业签章的放弃声明扫描件',
    documentFile: '材料文件',
    registrationFiles: `附件（交办单、来信、合同、结算单等，单个不超过${ATTACHMENT_MAX_TEXT}）`,
  },
  /** The consent form: what the enterprise agrees to. */
  consent: {
    title: '您正在认可以下还款计划',
    deferralTitle: '您正在同意以下延期安排',
    debtor: '付款单位',
    installment: (seq: number) => `第${seq}期`,
    dueOn: '付款日期',
    amount: '金额',
    total: '合计',
    newDate: '延期至',
    reason: '延期理由',
    after: '认可后计划生效，付款单位须按期付款；逾期未付的，将被催办、督办。',
    note: '意见（可选）',
  },
  /** The 附件 card and the timeline. */
  card: {
    title: (count: number) => `附件（${count}）`,
    empty: '本事项暂无附件',
    step: '环节',
    by: '上传人',
    at: '时间',
    file: '文件',
    download: '下载',
    registration: '登记',
    document: (title: string) => `材料：${title}`,
  },
};

export const caseFilesEn: typeof caseFilesZh = {
  upload: 'Upload file',
  replace: 'Upload another',
  remove: 'Remove',
  uploading: 'Uploading…',
  uploaded: (name: string) => `Uploaded: ${name}`,
  uploadFailed: 'Upload failed',
  uploadPending: 'Please wait until the file is uploaded',
  limits: `PDF, image, Word, Excel or OFD, up to ${ATTACHMENT_MAX_TEXT} each`,
  fields: {
    signedConsent: 'Signed and sealed plan confirmation (recommended)',
    signedConsentHelp: 'Upload the scan of the confirmation bearing the company seal; you may also submit without it, your account’s confirmation counts',
    signedDeferral: 'Signed consent (recommended)',
    signedObjection: 'Signed statement (optional)',
    recordedDocument: 'Scan of the enterprise’s signed document',
    recordedDocumentHelp: 'When recording the enterprise’s answer, name its signed document or upload its scan',
    voucherFile: 'Scan of the payment voucher',
    voucherFileHelp: 'Bank receipt, treasury payment voucher…; recommended',
    waiverFile: 'Scan of the enterprise’s signed waiver',
    documentFile: 'File',
    registrationFiles: `Attachments (assignment sheet, letter, contract, settlement…; up to ${ATTACHMENT_MAX_TEXT} each)`,
  },
  consent: {
    title: 'You are agreeing to this repayment plan',
    deferralTitle: 'You are agreeing to this deferral',
    debtor: 'Paying unit',
    installment: (seq: number) => `Installment ${seq}`,
    dueOn: 'Due on',
    amount: 'Amount',
    total: 'Total',
    newDate: 'Deferred to',
    reason: 'Reason',
    after: 'Once you agree the plan takes effect and the unit must pay on time; late payment is urged and supervised.',
    note: 'Comment (optional)',
  },
  card: {
    title: (count: number) => `Attachments (${count})`,
    empty: 'No files yet',
    step: 'Step',
    by: 'Uploaded by',
    at: 'Time',
    file: 'File',
    download: 'Download',
    registration: 'Registration',
    document: (title: string) => `Document: ${title}`,
  },
};
