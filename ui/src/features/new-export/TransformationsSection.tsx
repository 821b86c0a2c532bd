import { Button, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dataset } from '../../api/issue16';
import {
  parseMapValues,
  SINGLE_FIELD_OPS,
  TRANSFORM_OPS,
  type ExportFormValues,
  type TransformRow,
} from './buildExportRequest';
import { useDatasets } from './useDatasets';

function columnsOf(datasets: Dataset[], type: string | undefined): { value: string; label: string }[] {
  return (datasets.find((d) => d.name === type)?.columns ?? []).map((c) => ({ value: c.name, label: c.name }));
}

/** The argument inputs of one row, depending on its operation. */
function RowArguments({ name, row, datasets }: { name: number; row: TransformRow | undefined; datasets: Dataset[] }) {
  const op = row?.op;
  const cols = columnsOf(datasets, row?.data_type);
  const n = name + 1;
  const field = SINGLE_FIELD_OPS.has(op ?? '') && (
    <Form.Item name={[name, 'field']} rules={[{ required: true, message: 'Pick a field' }]} noStyle>
      <Select aria-label={`Step ${n} field`} placeholder="field" style={{ width: 150 }} showSearch options={cols} />
    </Form.Item>
  );
  switch (op) {
    case 'fields':
    case 'drop':
      return (
        <Form.Item name={[name, 'fields']} rules={[{ required: true, message: 'List the fields' }]} noStyle>
          <Input
            aria-label={`Step ${n} fields`}
            placeholder={`fields, comma-separated (${cols
              .slice(0, 3)
              .map((c) => c.value)
              .join(', ')}…)`}
            style={{ width: 320 }}
          />
        </Form.Item>
      );
    case 'rename':
      return (
        <>
          {field}
          <Form.Item name={[name, 'to']} rules={[{ required: true, message: 'New name' }]} noStyle>
            <Input aria-label={`Step ${n} new name`} placeholder="new name" style={{ width: 160 }} />
          </Form.Item>
        </>
      );
    case 'mask_ip':
      return (
        <>
          {field}
          <Form.Item name={[name, 'prefix']} noStyle>
            <InputNumber
              aria-label={`Step ${n} IPv4 prefix`}
              placeholder="/24"
              min={0}
              max={32}
              precision={0}
              style={{ width: 90 }}
            />
          </Form.Item>
          <Form.Item name={[name, 'prefix_v6']} noStyle>
            <InputNumber
              aria-label={`Step ${n} IPv6 prefix`}
              placeholder="/48"
              min={0}
              max={128}
              precision={0}
              style={{ width: 90 }}
            />
          </Form.Item>
        </>
      );
    case 'hash':
      return field || null;
    case 'truncate':
      return (
        <>
          {field}
          <Form.Item name={[name, 'max_length']} rules={[{ required: true, message: 'Max length' }]} noStyle>
            <InputNumber
              aria-label={`Step ${n} max length`}
              placeholder="max length"
              min={1}
              precision={0}
              style={{ width: 120 }}
            />
          </Form.Item>
        </>
      );
    case 'extract':
      return (
        <>
          {field}
          <Form.Item name={[name, 'path']} rules={[{ required: true, message: 'JSON path' }]} noStyle>
            <Input aria-label={`Step ${n} path`} placeholder="$.user.id" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name={[name, 'as']} rules={[{ required: true, message: 'Output column' }]} noStyle>
            <Input aria-label={`Step ${n} as`} placeholder="as" style={{ width: 120 }} />
          </Form.Item>
        </>
      );
    case 'timestamp_format':
      return (
        <>
          <Form.Item name={[name, 'format']} initialValue="iso8601" noStyle>
            <Select
              aria-label={`Step ${n} timestamp format`}
              style={{ width: 140 }}
              options={[
                { value: 'iso8601', label: 'ISO-8601' },
                { value: 'epoch_millis', label: 'epoch millis' },
              ]}
            />
          </Form.Item>
          <Form.Item name={[name, 'fields']} noStyle>
            <Input
              aria-label={`Step ${n} timestamp fields`}
              placeholder="fields (default: all timestamps)"
              style={{ width: 240 }}
            />
          </Form.Item>
        </>
      );
    case 'concat':
    case 'coalesce':
      return (
        <>
          <Form.Item name={[name, 'fields']} rules={[{ required: true, message: 'List the fields' }]} noStyle>
            <Input aria-label={`Step ${n} fields`} placeholder="fields, comma-separated" style={{ width: 220 }} />
          </Form.Item>
          {op === 'concat' && (
            <Form.Item name={[name, 'separator']} noStyle>
              <Input aria-label={`Step ${n} separator`} placeholder="separator" style={{ width: 100 }} />
            </Form.Item>
          )}
          <Form.Item name={[name, 'to']} rules={[{ required: true, message: 'Output column' }]} noStyle>
            <Input aria-label={`Step ${n} output column`} placeholder="to" style={{ width: 130 }} />
          </Form.Item>
        </>
      );
    case 'map':
      return (
        <>
          {field}
          <Form.Item
            name={[name, 'values']}
            rules={[
              {
                validator: async (_, v: string | undefined) => {
                  parseMapValues(v);
                },
              },
            ]}
          >
            <Input.TextArea
              aria-label={`Step ${n} values`}
              placeholder={'key=value per line, or a JSON object\nERROR=error\nWARN=warning'}
              autoSize={{ minRows: 2, maxRows: 8 }}
              style={{ width: 260 }}
            />
          </Form.Item>
          <Form.Item name={[name, 'default']} noStyle>
            <Input aria-label={`Step ${n} default`} placeholder="default (keep value)" style={{ width: 150 }} />
          </Form.Item>
        </>
      );
    case 'case':
      return (
        <>
          {field}
          <Form.Item name={[name, 'to']} rules={[{ required: true, message: 'lower or upper' }]} noStyle>
            <Select
              aria-label={`Step ${n} case`}
              placeholder="case"
              style={{ width: 110 }}
              options={[
                { value: 'lower', label: 'lower' },
                { value: 'upper', label: 'upper' },
              ]}
            />
          </Form.Item>
        </>
      );
    case 'regex_replace':
      return (
        <>
          {field}
          <Form.Item name={[name, 'pattern']} rules={[{ required: true, message: 'Pattern' }]} noStyle>
            <Input aria-label={`Step ${n} pattern`} placeholder="pattern (RE2)" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name={[name, 'replacement']} noStyle>
            <Input aria-label={`Step ${n} replacement`} placeholder="replacement ($1…)" style={{ width: 160 }} />
          </Form.Item>
        </>
      );
    case 'cast':
      return (
        <>
          {field}
          <Form.Item name={[name, 'to']} rules={[{ required: true, message: 'Target type' }]} noStyle>
            <Select
              aria-label={`Step ${n} cast to`}
              placeholder="to type"
              style={{ width: 120 }}
              options={['text', 'integer', 'float', 'boolean'].map((t) => ({ value: t, label: t }))}
            />
          </Form.Item>
        </>
      );
    default:
      return null;
  }
}

/**
 * The arguments of a row cleared when its operation changes (rename's `to` is not cast's); the column(s) it
 * works on stay.
 */
const ARGUMENTS: (keyof TransformRow)[] = [
  'to',
  'prefix',
  'prefix_v6',
  'max_length',
  'path',
  'as',
  'format',
  'separator',
  'values',
  'default',
  'pattern',
  'replacement',
];

/** Rows of transformation steps; each becomes one entry of `transformations.<data type>`. */
export function TransformationsSection() {
  const form = Form.useFormInstance<ExportFormValues>();
  const rows = Form.useWatch('transformations', form) as TransformRow[] | undefined;
  const selected = (Form.useWatch('data_types', form) as string[] | undefined) ?? [];
  const datasets = useDatasets();
  const typeOptions = (selected.length ? selected : datasets.map((d) => d.name)).map((t) => ({ value: t, label: t }));

  return (
    <Form.List name="transformations">
      {(fields, { add, remove }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            Steps run in order per data type. Rows of data types that are not selected are not sent.
          </Typography.Text>
          {fields.map(({ key, name }) => {
            const row = rows?.[name];
            return (
              <Space key={key} wrap align="start" data-testid="transformation-row">
                <Typography.Text style={{ lineHeight: '32px' }}>{name + 1}.</Typography.Text>
                <Form.Item name={[name, 'data_type']} rules={[{ required: true, message: 'Data type' }]} noStyle>
                  <Select
                    aria-label={`Step ${name + 1} data type`}
                    placeholder="data type"
                    style={{ width: 130 }}
                    options={typeOptions}
                    onChange={() => form.setFieldValue(['transformations', name, 'field'], undefined)}
                  />
                </Form.Item>
                <Form.Item name={[name, 'op']} rules={[{ required: true, message: 'Operation' }]} noStyle>
                  <Select
                    aria-label={`Step ${name + 1} operation`}
                    placeholder="operation"
                    style={{ width: 160 }}
                    showSearch
                    optionFilterProp="label"
                    options={TRANSFORM_OPS}
                    onChange={() => {
                      const current = form.getFieldValue(['transformations', name]) as TransformRow;
                      const cleared = { ...current };
                      for (const k of ARGUMENTS) delete cleared[k];
                      form.setFieldValue(['transformations', name], cleared);
                    }}
                  />
                </Form.Item>
                <RowArguments name={name} row={row} datasets={datasets} />
                <Button aria-label={`Remove step ${name + 1}`} icon={<DeleteOutlined />} onClick={() => remove(name)} />
              </Space>
            );
          })}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ data_type: selected.length === 1 ? selected[0] : undefined })}
          >
            Add step
          </Button>
        </Space>
      )}
    </Form.List>
  );
}
