import { useCallback, useEffect, useState, type CSSProperties } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Collapse,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Select,
  Space,
} from 'antd';
import { useNavigate } from 'react-router-dom';
import { ApiError, api, errorMessage } from '../../api/client';
import type { ExportTemplate } from '../../api/types';
import { formatNumber, humanSize } from '../../components/format';
import {
  buildExportRequest,
  DEFAULT_FORM_VALUES,
  formFieldFor,
  formValuesFromRequest,
  type ExportFormValues,
} from './buildExportRequest';
import { ExportFields } from './ExportFields';
import { filterErrorPaths } from './filters';
import { TransformationsSection } from './TransformationsSection';
import { useEstimate } from './useEstimate';
import { PageTitle } from '../../components/PageTitle';

/** Saved templates for the "Load template" select (empty when the server has none or no endpoint). */
function useTemplates() {
  const [templates, setTemplates] = useState<ExportTemplate[]>([]);
  const [loading, setLoading] = useState(false);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setTemplates(await api.allTemplates());
    } catch {
      setTemplates([]);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { templates, loading, reload };
}

const { RangePicker } = DatePicker;

/** Read by screen readers, not shown. */
const VISUALLY_HIDDEN: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};

export function NewExportPage() {
  const [form] = Form.useForm<ExportFormValues>();
  const navigate = useNavigate();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const estimate = useEstimate();
  const { message } = AntApp.useApp();
  const templates = useTemplates();
  const [selectedTemplate, setSelectedTemplate] = useState<string | undefined>();
  const [transformOpen, setTransformOpen] = useState<string[]>([]);
  const [saveOpen, setSaveOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saveForm] = Form.useForm<{ name: string; description?: string }>();

  const loadTemplate = (templateId: string | undefined) => {
    setSelectedTemplate(templateId);
    const t = templates.templates.find((x) => x.template_id === templateId);
    if (!t) return;
    const values = formValuesFromRequest(t.config);
    form.resetFields();
    form.setFieldsValue(values);
    if (values.transformations?.length) setTransformOpen(['transformations']);
    estimate.clear();
    setError(null);
    message.success(`Loaded template "${t.name}"`);
  };

  const openSave = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    setSaveError(null);
    saveForm.resetFields();
    setSaveOpen(true);
  };

  const saveTemplate = async () => {
    let meta: { name: string; description?: string };
    try {
      meta = await saveForm.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      const config = buildExportRequest(form.getFieldsValue(true) as ExportFormValues);
      const created = await api.createTemplate({
        name: meta.name.trim(),
        ...(meta.description?.trim() ? { description: meta.description.trim() } : {}),
        config,
      });
      setSaveOpen(false);
      message.success(`Saved template "${created?.name ?? meta.name}"`);
      await templates.reload();
      if (created?.template_id) setSelectedTemplate(created.template_id);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        saveForm.setFields([{ name: 'name', errors: [`The name "${meta.name.trim()}" is already taken`] }]);
      } else if (err instanceof ApiError && err.problem?.errors?.length) {
        setSaveError(err.problem.errors.map((e) => `${e.field}: ${e.message}`).join('; '));
      } else {
        setSaveError(errorMessage(err));
      }
    } finally {
      setSaving(false);
    }
  };

  /** Shows problem+json field errors on their fields, else the detail in an Alert. */
  const showError = (err: unknown) => {
    if (err instanceof ApiError && err.problem?.errors?.length) {
      const byField = new Map<keyof ExportFormValues, string[]>();
      const onRows: { name: (string | number)[]; errors: string[] }[] = [];
      const unmapped: string[] = [];
      const groups = (form.getFieldValue('filters') as ExportFormValues['filters']) ?? {};
      for (const e of err.problem.errors) {
        const name = formFieldFor(e.field);
        const rows = filterErrorPaths(e.field, groups);
        if (name) byField.set(name, [...(byField.get(name) ?? []), e.message]);
        else if (rows.length) onRows.push(...rows.map((path) => ({ name: path, errors: [e.message] })));
        else unmapped.push(`${e.field}: ${e.message}`);
      }
      form.setFields([...[...byField.entries()].map(([name, errors]) => ({ name, errors })), ...onRows]);
      setError(unmapped.length ? unmapped.join('; ') : null);
      return;
    }
    setError(errorMessage(err));
  };

  const onEstimate = async () => {
    setError(null);
    let values: ExportFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    try {
      await estimate.run(buildExportRequest(values));
    } catch (err) {
      showError(err);
    }
  };

  const onFinish = async (values: ExportFormValues) => {
    setError(null);
    setSubmitting(true);
    try {
      const created = await api.create(buildExportRequest(values));
      navigate(`/exports/${created.export_id}`);
    } catch (err) {
      showError(err);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Card>
      <PageTitle>Export Data</PageTitle>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label="Load template"
          placeholder="Load template"
          style={{ minWidth: 260 }}
          allowClear
          loading={templates.loading}
          value={selectedTemplate}
          onChange={loadTemplate}
          notFoundContent="No templates saved"
          options={templates.templates.map((t) => ({
            value: t.template_id,
            label: t.description ? `${t.name} — ${t.description}` : t.name,
          }))}
        />
        <Button onClick={openSave}>Save as template</Button>
      </Space>
      <Modal
        title="Save as template"
        open={saveOpen}
        okText="Save template"
        confirmLoading={saving}
        onOk={saveTemplate}
        onCancel={() => setSaveOpen(false)}
        destroyOnHidden
      >
        <Form form={saveForm} layout="vertical" preserve={false}>
          <Form.Item
            label="Template name"
            name="name"
            rules={[{ required: true, whitespace: true, message: 'Give the template a name' }]}
          >
            <Input autoFocus maxLength={200} />
          </Form.Item>
          <Form.Item label="Description" name="description">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          {saveError && <Alert type="error" showIcon title={saveError} />}
        </Form>
      </Modal>
      <Form<ExportFormValues>
        form={form}
        layout="vertical"
        initialValues={DEFAULT_FORM_VALUES}
        onFinish={onFinish}
        onValuesChange={() => estimate.clear()}
        style={{ maxWidth: 720 }}
      >
        {/* The visible label names the start field; the end field gets its own for screen readers. */}
        <label htmlFor="date_range_end" style={VISUALLY_HIDDEN}>
          Date Range end
        </label>
        <Form.Item label="Date Range" name="date_range" extra="Leave empty to export all data">
          <RangePicker
            id={{ start: 'date_range', end: 'date_range_end' }}
            showTime
            allowEmpty={[true, true]}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <ExportFields />

        <Form.Item>
          <Collapse
            activeKey={transformOpen}
            onChange={(keys) => setTransformOpen(Array.isArray(keys) ? keys : [keys])}
            items={[
              {
                key: 'transformations',
                label: 'Transformations',
                forceRender: true,
                children: <TransformationsSection />,
              },
            ]}
          />
        </Form.Item>

        {error && (
          <Form.Item>
            <Alert type="error" showIcon title={error} role="alert" />
          </Form.Item>
        )}

        {estimate.estimate && (
          <Form.Item>
            <Descriptions
              title="Estimate"
              bordered
              size="small"
              column={1}
              items={[
                ...Object.entries(estimate.estimate.data_types ?? {}).map(([type, e]) => ({
                  key: type,
                  label: type,
                  children: `${formatNumber(e.records)} rows, ${humanSize(e.bytes)}`,
                })),
                ...Object.entries(estimate.estimate.splits ?? {}).map(([split, types]) => ({
                  key: `split:${split}`,
                  label: `Split ${split}`,
                  children: Object.entries(types)
                    .map(([type, rows]) => `${type} ${formatNumber(rows)} rows`)
                    .join(', '),
                })),
                {
                  key: '__total',
                  label: 'Total',
                  children: `${formatNumber(estimate.estimate.total_records)} rows, ${humanSize(
                    estimate.estimate.total_bytes,
                  )}`,
                },
              ]}
            />
          </Form.Item>
        )}

        <Space wrap>
          <Button onClick={onEstimate} loading={estimate.loading}>
            Estimate
          </Button>
          <Button type="primary" htmlType="submit" loading={submitting}>
            Start Export
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
