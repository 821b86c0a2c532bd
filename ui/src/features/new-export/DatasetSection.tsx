import { useEffect, useRef, useState } from 'react';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Collapse, Form, type FormRule, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { formatNumber } from '../../components/format';
import type { ExportFormValues } from './buildExportRequest';
import {
  datasetFieldsSet,
  fileSizeError,
  fractionError,
  keyColumns,
  MAX_SPLITS,
  parseFileSize,
  ratioError,
  ratioSum,
  sampleRowsError,
  seedError,
  SPLIT_PRESET,
  splitNameError,
  splitRatiosError,
  type SplitRow,
} from './dataset';
import { useDatasets } from './useDatasets';

/** An antd rule from a check that returns a message or null. */
function check<T>(problem: (value: T) => string | null): FormRule {
  return {
    validator: async (_, value: T) => {
      const message = problem(value);
      if (message) throw new Error(message);
    },
  };
}

/** The key column of a sample or split: a column every chosen type has; empty for each type's id column. */
function KeyField({ name, label }: { name: 'sample_key' | 'split_key'; label: string }) {
  const form = Form.useFormInstance<ExportFormValues>();
  const datasets = useDatasets();
  const types = Form.useWatch('data_types', form) as string[] | undefined;
  const options = keyColumns(datasets, types);
  return (
    <Form.Item
      label={label}
      name={name}
      dependencies={['data_types']}
      extra="Rows with the same key value land together. Empty: each data type's id column."
      rules={[
        check((key: string | null | undefined) =>
          key && !keyColumns(datasets, form.getFieldValue('data_types')).some((o) => o.value === key)
            ? 'Not a column of every chosen data type'
            : null,
        ),
      ]}
    >
      <Select
        allowClear
        showSearch
        style={{ maxWidth: 240 }}
        placeholder="id column"
        options={options}
        notFoundContent={types?.length ? 'No column common to the chosen data types' : 'Select a data type first'}
      />
    </Form.Item>
  );
}

/** Shows the ratios' total as they are typed; its rule refuses a split whose ratios do not sum to 1. */
function SplitTotal({ id }: { id?: string }) {
  const form = Form.useFormInstance<ExportFormValues>();
  const rows = Form.useWatch('split_ratios', form) as SplitRow[] | undefined;
  return (
    <Typography.Text id={id} type="secondary" aria-live="polite" data-testid="split-total">
      Total: {ratioSum(rows)}
    </Typography.Text>
  );
}

function SplitFields() {
  const form = Form.useFormInstance<ExportFormValues>();
  const enabled = Form.useWatch('split_enabled', form) === true;
  // The total's rule reads every ratio: it is checked again whenever one changes (rc-field-form's
  // `dependencies` only re-check fields the user has edited).
  const ratios = JSON.stringify(
    ((Form.useWatch('split_ratios', form) as SplitRow[] | undefined) ?? []).map((r) => r?.ratio),
  );
  useEffect(() => {
    if (enabled) form.validateFields(['split_total']).catch(() => {});
  }, [form, enabled, ratios]);
  return (
    <>
      <Form.Item
        label="Split"
        name="split_enabled"
        valuePropName="checked"
        extra="Deterministic splits by a keyed hash of each row: a row keeps its split across exports."
      >
        <Switch />
      </Form.Item>
      {enabled && (
        <>
          <Form.List name="split_ratios">
            {(fields, { add, remove }) => (
              <Form.Item label="Split Ratios" required>
                {fields.map(({ key, name }) => (
                  <Space key={key} align="start" wrap data-testid="split-row" style={{ display: 'flex' }}>
                    <Form.Item
                      name={[name, 'name']}
                      dependencies={fields.filter((f) => f.name !== name).map((f) => ['split_ratios', f.name, 'name'])}
                      rules={[
                        check((value: string | undefined) => {
                          const rows = (form.getFieldValue('split_ratios') as SplitRow[] | undefined) ?? [];
                          return splitNameError(
                            value,
                            rows.filter((_, i) => i !== name).map((r) => r?.name),
                          );
                        }),
                      ]}
                    >
                      <Input aria-label={`Split ${name + 1} name`} placeholder="name" style={{ width: 180 }} />
                    </Form.Item>
                    <Form.Item name={[name, 'ratio']} rules={[check(ratioError)]}>
                      <InputNumber
                        aria-label={`Split ${name + 1} ratio`}
                        placeholder="ratio"
                        min={0}
                        max={1}
                        step={0.05}
                        style={{ width: 120 }}
                      />
                    </Form.Item>
                    <Button
                      aria-label={`Remove split ${name + 1}`}
                      icon={<DeleteOutlined />}
                      disabled={fields.length <= 1}
                      onClick={() => remove(name)}
                    />
                  </Space>
                ))}
                <Space wrap>
                  <Button
                    type="dashed"
                    size="small"
                    icon={<PlusOutlined />}
                    disabled={fields.length >= MAX_SPLITS}
                    onClick={() => add({ name: '', ratio: null })}
                  >
                    Add split
                  </Button>
                  <Button
                    size="small"
                    onClick={() =>
                      form.setFieldValue(
                        'split_ratios',
                        SPLIT_PRESET.map((r) => ({ ...r })),
                      )
                    }
                  >
                    Train / validation / test
                  </Button>
                </Space>
              </Form.Item>
            )}
          </Form.List>
          <Form.Item
            name="split_total"
            rules={[
              check(() =>
                form.getFieldValue('split_enabled') ? splitRatiosError(form.getFieldValue('split_ratios')) : null,
              ),
            ]}
          >
            <SplitTotal />
          </Form.Item>
          <KeyField name="split_key" label="Split Key" />
          <Form.Item label="Split Seed" name="split_seed" rules={[check(seedError)]} extra="Other seeds, other splits">
            <Input style={{ maxWidth: 240 }} placeholder="none" />
          </Form.Item>
        </>
      )}
    </>
  );
}

function SampleFields() {
  const form = Form.useFormInstance<ExportFormValues>();
  const mode = Form.useWatch('sample_mode', form) ?? 'off';
  return (
    <>
      <Form.Item label="Sample" name="sample_mode">
        <Select
          style={{ maxWidth: 240 }}
          options={[
            { value: 'off', label: 'Off' },
            { value: 'fraction', label: 'Fraction of rows' },
            { value: 'rows', label: 'Number of rows' },
          ]}
        />
      </Form.Item>
      {mode === 'fraction' && (
        <Form.Item
          label="Sample Fraction"
          name="sample_fraction"
          rules={[check(fractionError)]}
          extra="Share of each data type's rows to keep, more than 0 and at most 1"
        >
          <InputNumber min={0} max={1} step={0.01} placeholder="0.1" style={{ width: 200 }} />
        </Form.Item>
      )}
      {mode === 'rows' && (
        <Form.Item
          label="Sample Rows"
          name="sample_rows"
          rules={[check(sampleRowsError)]}
          extra="Rows to keep per data type (about as many when keys repeat)"
        >
          <InputNumber min={1} max={1e12} precision={0} placeholder="100000" style={{ width: 200 }} />
        </Form.Item>
      )}
      {mode !== 'off' && (
        <>
          <KeyField name="sample_key" label="Sample Key" />
          <Form.Item
            label="Sample Seed"
            name="sample_seed"
            rules={[check(seedError)]}
            extra="Other seeds, other samples"
          >
            <Input style={{ maxWidth: 240 }} placeholder="none" />
          </Form.Item>
        </>
      )}
    </>
  );
}

/** "= 256,000,000 bytes" under the size as it is typed. */
function FileSizeHint() {
  const form = Form.useFormInstance<ExportFormValues>();
  const text = Form.useWatch('max_file_size', form) as string | undefined;
  const bytes = text?.trim() && !fileSizeError(text) ? parseFileSize(text) : null;
  return (
    <>
      e.g. 256MB or 1GiB (KB, MB, GB, TB: powers of 1000; KiB, MiB, GiB, TiB: of 1024). Empty: no limit.
      {bytes !== null && ` = ${formatNumber(bytes)} bytes`}
    </>
  );
}

/** The fields that shape the output into a dataset: file size, partitions, sample and split. */
function DatasetFields() {
  return (
    <>
      <Form.Item label="Max File Size" name="max_file_size" rules={[check(fileSizeError)]} extra={<FileSizeHint />}>
        <Input style={{ maxWidth: 240 }} placeholder="no limit" />
      </Form.Item>
      <Form.Item label="Partition By" name="partition_by" extra="Folders by each row's time, in UTC">
        <Select
          style={{ maxWidth: 240 }}
          options={[
            { value: 'none', label: 'None' },
            { value: 'hour', label: 'Hour (date=…/hour=…)' },
            { value: 'day', label: 'Day (date=…)' },
            { value: 'month', label: 'Month (month=…)' },
          ]}
        />
      </Form.Item>
      <SampleFields />
      <SplitFields />
    </>
  );
}

/**
 * The Dataset section, collapsed until it is opened or a loaded request uses one of its fields (its fields are
 * always mounted, so that they are validated and sent).
 */
export function DatasetSection() {
  const form = Form.useFormInstance<ExportFormValues>();
  const set = datasetFieldsSet({
    max_file_size: Form.useWatch('max_file_size', form),
    partition_by: Form.useWatch('partition_by', form),
    sample_mode: Form.useWatch('sample_mode', form),
    split_enabled: Form.useWatch('split_enabled', form),
  });
  const [open, setOpen] = useState<string[]>([]);
  const wasSet = useRef(set);
  useEffect(() => {
    if (set && !wasSet.current) setOpen(['dataset']);
    wasSet.current = set;
  }, [set]);
  return (
    <Form.Item>
      <Collapse
        activeKey={open}
        onChange={(keys) => setOpen(Array.isArray(keys) ? keys : [keys])}
        items={[{ key: 'dataset', label: 'Dataset', forceRender: true, children: <DatasetFields /> }]}
      />
    </Form.Item>
  );
}
