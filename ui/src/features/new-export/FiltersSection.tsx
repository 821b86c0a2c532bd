import { Button, DatePicker, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Dataset, FilterOperator } from '../../api/issue16';
import type { ExportFormValues } from './buildExportRequest';
import {
  columnOf,
  duplicateRows,
  initialValue,
  OPERATOR_LABELS,
  operatorsFor,
  parseListEntry,
  valueProblem,
  valueShape,
  valueTypeOf,
  type FilterRow,
  type ValueType,
} from './filters';
import { useDatasets } from './useDatasets';

const TIME_FORMAT = 'YYYY-MM-DD HH:mm:ss';

/** The value input fitting a row's operator and type; the form keeps the value as the API takes it. */
function ValueInput({
  type,
  op,
  label,
  value,
  onChange,
}: {
  type: ValueType | undefined;
  op: FilterOperator | undefined;
  label: string;
  value?: unknown;
  onChange?: (v: unknown) => void;
}) {
  const shape = valueShape(op);
  if (shape === 'flag') {
    return (
      <Switch
        aria-label={label}
        checked={value === true}
        onChange={(checked) => onChange?.(checked)}
        checkedChildren="null"
        unCheckedChildren="not null"
      />
    );
  }
  if (shape === 'list') {
    const list = Array.isArray(value) ? value : [];
    return (
      <Select
        aria-label={label}
        mode="tags"
        notFoundContent={null}
        tokenSeparators={[',']}
        placeholder="values, comma-separated"
        style={{ minWidth: 220 }}
        value={list.map((v) => String(v))}
        onChange={(tags: string[]) => onChange?.(tags.map((t) => parseListEntry(type, t)).filter((t) => t !== ''))}
      />
    );
  }
  if (shape === 'cidr') {
    return (
      <Input
        aria-label={label}
        placeholder="10.0.0.0/8"
        style={{ width: 200 }}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange?.(e.target.value.trim())}
      />
    );
  }
  switch (type) {
    case 'integer':
    case 'number':
      return (
        <InputNumber
          aria-label={label}
          placeholder={type === 'integer' ? 'whole number' : 'number'}
          style={{ width: 160 }}
          value={typeof value === 'number' ? value : null}
          onChange={(v) => onChange?.(typeof v === 'number' ? v : undefined)}
        />
      );
    case 'timestamp': {
      const d = typeof value === 'string' ? dayjs(value) : null;
      return (
        <DatePicker
          aria-label={label}
          showTime
          format={TIME_FORMAT}
          placeholder="date and time"
          value={d && d.isValid() ? d : null}
          onChange={(v) => onChange?.(v ? v.toISOString() : undefined)}
        />
      );
    }
    case 'boolean':
      return (
        <Select
          aria-label={label}
          placeholder="true / false"
          style={{ width: 120 }}
          value={typeof value === 'boolean' ? String(value) : undefined}
          onChange={(v: string) => onChange?.(v === 'true')}
          options={[
            { value: 'true', label: 'true' },
            { value: 'false', label: 'false' },
          ]}
        />
      );
    default:
      return (
        <Input
          aria-label={label}
          placeholder={type === 'inet' ? '192.0.2.1' : 'value'}
          style={{ width: 200 }}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange?.(e.target.value)}
        />
      );
  }
}

/** The rows of one data type: `filters.<type>` in the form. */
function TypeFilters({ type, datasets }: { type: string; datasets: Dataset[] }) {
  const form = Form.useFormInstance<ExportFormValues>();
  const rows = (Form.useWatch(['filters', type], form) as (FilterRow | undefined)[] | undefined) ?? [];
  const dataset = datasets.find((d) => d.name === type);
  const columnOptions = (dataset?.columns ?? []).map((c) => ({ value: c.name, label: `${c.name} (${c.type})` }));
  const dups = duplicateRows(rows);
  const set = (name: number, patch: Partial<FilterRow>) =>
    form.setFieldValue(['filters', type, name], { ...form.getFieldValue(['filters', type, name]), ...patch });

  return (
    <Form.List name={['filters', type]}>
      {(fields, { add, remove }) => (
        <div data-testid={`filters-${type}`} style={{ marginBottom: 8 }}>
          <Typography.Text strong>{type}</Typography.Text>
          {fields.length === 0 && (
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              every row
            </Typography.Text>
          )}
          {fields.map(({ key, name }) => {
            const row = rows[name];
            const column = columnOf(datasets, type, row?.column);
            const valueType = valueTypeOf(column, row);
            const ops = operatorsFor(column, row);
            const n = `${type} filter ${name + 1}`;
            const problem = dups.has(name) ? 'This column already has a condition with this operator' : null;
            return (
              <Space key={key} wrap align="start" data-testid="filter-row" style={{ display: 'flex', marginTop: 4 }}>
                <Form.Item name={[name, 'column']} rules={[{ required: true, message: 'Pick a column' }]}>
                  <Select
                    aria-label={`${n} column`}
                    placeholder="column"
                    showSearch
                    style={{ width: 190 }}
                    options={columnOptions}
                    onChange={(c: string) => {
                      const next = columnOf(datasets, type, c);
                      const op = next?.type === 'json' ? 'is_null' : undefined;
                      form.setFieldValue(['filters', type, name], { column: c, op, value: initialValue(op) });
                    }}
                  />
                </Form.Item>
                {column?.type === 'json' && (
                  <>
                    <Form.Item
                      name={[name, 'path']}
                      rules={[
                        {
                          pattern: /^[^.\s]+(\.[^.\s]+)*$/,
                          message: 'Keys separated by dots, e.g. user.id',
                        },
                      ]}
                    >
                      <Input
                        aria-label={`${n} JSON path`}
                        placeholder="path, e.g. user.id"
                        style={{ width: 160 }}
                        onChange={(e) => {
                          const path = e.target.value;
                          const op: FilterOperator | undefined = path.trim() ? row?.op : 'is_null';
                          set(name, { path, op, value: op === row?.op ? row?.value : initialValue(op) });
                        }}
                      />
                    </Form.Item>
                    {row?.path?.trim() && (
                      <Form.Item name={[name, 'kind']} initialValue="text">
                        <Select
                          aria-label={`${n} compare as`}
                          style={{ width: 110 }}
                          onChange={() => set(name, { op: undefined, value: undefined })}
                          options={[
                            { value: 'text', label: 'as text' },
                            { value: 'number', label: 'as number' },
                            { value: 'boolean', label: 'as boolean' },
                          ]}
                        />
                      </Form.Item>
                    )}
                  </>
                )}
                <Form.Item name={[name, 'op']} rules={[{ required: true, message: 'Pick an operator' }]}>
                  <Select
                    aria-label={`${n} operator`}
                    placeholder="operator"
                    style={{ width: 140 }}
                    options={ops.map((op) => ({ value: op, label: OPERATOR_LABELS[op] ?? op }))}
                    onChange={(op: FilterOperator) => {
                      const keep = valueShape(op) === valueShape(row?.op);
                      set(name, { op, value: keep ? row?.value : initialValue(op) });
                    }}
                  />
                </Form.Item>
                <Form.Item
                  name={[name, 'value']}
                  dependencies={[
                    ['filters', type, name, 'op'],
                    ['filters', type, name, 'column'],
                    ['filters', type, name, 'kind'],
                    ['filters', type, name, 'path'],
                  ]}
                  validateStatus={problem ? 'error' : undefined}
                  help={problem ?? undefined}
                  rules={[
                    {
                      validator: async (_, value) => {
                        const current = form.getFieldValue(['filters', type, name]) as FilterRow | undefined;
                        const t = valueTypeOf(columnOf(datasets, type, current?.column), current);
                        const message = valueProblem(t, current?.op, value);
                        if (message) throw new Error(message);
                      },
                    },
                  ]}
                >
                  <ValueInput type={valueType} op={row?.op} label={`${n} value`} />
                </Form.Item>
                <Button aria-label={`Remove ${n}`} icon={<DeleteOutlined />} onClick={() => remove(name)} />
              </Space>
            );
          })}
          <div>
            <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginTop: 4 }}>
              Add {type} filter
            </Button>
          </div>
        </div>
      )}
    </Form.List>
  );
}

/**
 * Row filters per requested data type (`filters.<type>`): rows of column, operator and value; all must hold.
 * Columns and their operators come from `GET /api/v1/datasets`.
 */
export function FiltersSection() {
  const form = Form.useFormInstance<ExportFormValues>();
  const datasets = useDatasets();
  const selected = (Form.useWatch('data_types', form) as string[] | undefined) ?? [];
  return (
    <Form.Item
      label="Filters"
      extra="Rows must match every condition of their data type. A row whose value is null matches only “is null”."
    >
      {selected.length === 0 ? (
        <Typography.Text type="secondary">Select a data type to filter its rows</Typography.Text>
      ) : (
        selected.map((type) => <TypeFilters key={type} type={type} datasets={datasets} />)
      )}
    </Form.Item>
  );
}
