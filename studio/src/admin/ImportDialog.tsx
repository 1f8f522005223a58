import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { useLocale, useT } from '../app/i18n';
import { downloadWorkbook, templatePath, uploadWorkbook, type ImportAnswer, type RecordKind } from './admin.api';

type Problem = ImportAnswer['problems'][number];

/** The per-row report: summary counts, then one line per problem (row, column, code, message, the cell as read). */
export function ImportReportView({ report }: { report: ImportAnswer }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <div data-testid="import-report">
      <Space size="large" style={{ marginBottom: 12 }}>
        <Statistic title={t('读取行数', 'Rows read')} value={report.rows} />
        <Statistic title={t('新建', 'New')} value={report.created} data-testid="report-created" />
        <Statistic title={t('更新', 'Changed')} value={report.updated} data-testid="report-updated" />
        <Statistic title={t('无变化', 'Unchanged')} value={report.unchanged} />
        <Statistic title={t('有错误', 'With errors')} value={report.rejected} valueStyle={report.rejected ? { color: '#cf1322' } : undefined} data-testid="report-rejected" />
      </Space>
      {report.problems.length > 0 && (
        <Table<Problem>
          size="small"
          rowKey={(p) => `${p.row}:${p.field ?? p.column}:${p.code}`}
          dataSource={report.problems}
          pagination={report.problems.length > 8 ? { pageSize: 8, size: 'small' } : false}
          data-testid="import-problems"
          columns={[
            { title: t('行', 'Row'), dataIndex: 'row', width: 60 },
            { title: t('列', 'Column'), dataIndex: 'column', width: 160 },
            { title: t('问题', 'Problem'), key: 'message', render: (_, p) => (locale === 'en' ? p.en : p.zh) },
            { title: t('单元格内容', 'Cell'), dataIndex: 'value', width: 140, render: (v: string | null) => (v === null || v === undefined ? '' : <Typography.Text code>{v}</Typography.Text>) },
            { title: t('错误码', 'Code'), dataIndex: 'code', width: 200, render: (c: string) => <Tag>{c}</Tag> },
          ]}
        />
      )}
    </div>
  );
}

/**
 * Upload a workbook, see a dry run's per-row report, then import. "Import all" is refused while any
 * row fails; importing only the valid rows is a separate, explicit button.
 */
export function ImportDialog({ record, open, onClose, onImported }: { record: RecordKind; open: boolean; onClose(): void; onImported(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportAnswer | null>(null);
  const [result, setResult] = useState<ImportAnswer | null>(null);
  const [busy, setBusy] = useState<null | 'check' | 'all' | 'valid-rows'>(null);
  const [error, setError] = useState<string | null>(null);

  const reset = () => {
    setFile(null);
    setReport(null);
    setResult(null);
    setError(null);
  };
  const check = async (f: File) => {
    reset();
    setFile(f);
    setBusy('check');
    try {
      setReport((await uploadWorkbook(record, f, { mode: 'valid-rows', dryRun: true })).report);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  const run = async (mode: 'all' | 'valid-rows') => {
    if (!file) return;
    setBusy(mode);
    try {
      const { report: answer, refused } = await uploadWorkbook(record, file, { mode, dryRun: false });
      if (refused) {
        setReport(answer);
        setError(t('有错误的行，未导入任何数据', 'Some rows are invalid; nothing was imported'));
        return;
      }
      setResult(answer);
      message.success(t(`已导入：新建 ${answer.created}，更新 ${answer.updated}`, `Imported: ${answer.created} new, ${answer.updated} changed`));
      onImported();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  const validRows = report ? report.rows - report.rejected : 0;
  const title = record === 'dealer' ? t('导入经销商', 'Import dealers') : t('导入产品', 'Import products');

  return (
    <Modal
      open={open}
      title={title}
      width={980}
      onCancel={() => {
        reset();
        onClose();
      }}
      destroyOnHidden
      data-testid="import-dialog"
      footer={result ? [<Button key="close" type="primary" onClick={() => { reset(); onClose(); }} data-testid="btn-import-close">{t('完成', 'Done')}</Button>] : [
        <Button key="template" onClick={() => void downloadWorkbook(templatePath(record))} data-testid="btn-download-template">{t('下载模板', 'Download template')}</Button>,
        <Button key="valid" disabled={!report || report.rejected === 0 || validRows === 0} loading={busy === 'valid-rows'} onClick={() => void run('valid-rows')} data-testid="btn-import-valid">
          {t(`仅导入无误的 ${validRows} 行`, `Import only the ${validRows} valid rows`)}
        </Button>,
        <Button key="all" type="primary" disabled={!report || report.rejected > 0 || report.rows === 0} loading={busy === 'all'} onClick={() => void run('all')} data-testid="btn-import-all">
          {t('全部导入', 'Import all')}
        </Button>,
      ]}
    >
      {!result && (
        <Upload.Dragger
          accept=".xlsx"
          multiple={false}
          showUploadList={false}
          beforeUpload={(f) => {
            void check(f as File);
            return false;
          }}
          data-testid="import-upload"
        >
          <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          <p>{file ? file.name : t('点击或拖入 .xlsx 文件', 'Click or drop an .xlsx file')}</p>
          <Typography.Text type="secondary">{t('先检查每一行，不会写入数据', 'Every row is checked first; nothing is written yet')}</Typography.Text>
        </Upload.Dragger>
      )}
      {busy === 'check' && <Typography.Paragraph style={{ marginTop: 12 }}>{t('正在检查…', 'Checking…')}</Typography.Paragraph>}
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="import-error" />}
      {report && !result && (
        <div style={{ marginTop: 12 }}>
          {report.rejected > 0
            ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="import-has-errors" message={t(`${report.rejected} 行有错误：改正后重新上传，或仅导入无误的行`, `${report.rejected} rows have errors: fix and upload again, or import only the valid rows`)} />
            : <Alert type="success" showIcon style={{ marginBottom: 12 }} message={t('所有行检查通过', 'Every row passed the check')} />}
          <ImportReportView report={report} />
        </div>
      )}
      {result && (
        <div data-testid="import-result">
          <Alert type="success" showIcon style={{ marginBottom: 12 }} message={t('导入完成', 'Import finished')} />
          <ImportReportView report={result} />
        </div>
      )}
    </Modal>
  );
}
