import { Form, Input, InputNumber, Select, Switch } from 'antd';
import { DATA_TYPES } from '../../api/types';

/**
 * The fields of an export request other than its dates and transformations: data types, processes,
 * batch size, metadata, validation level, format and compression. Used by the New Export form and the
 * schedule form, whose values carry them under the same names (see `ExportFormValues`).
 */
export function ExportFields() {
  return (
    <>
      <Form.Item
        label="Data Types"
        name="data_types"
        rules={[{ required: true, type: 'array', min: 1, message: 'Select at least one data type' }]}
      >
        <Select
          mode="multiple"
          placeholder="Select data types"
          options={DATA_TYPES.map((t) => ({ value: t, label: t }))}
        />
      </Form.Item>
      <Form.Item label="Processes" name="processes" extra="Comma-separated, e.g. nginx, sshd">
        <Input placeholder="All processes" />
      </Form.Item>
      <Form.Item label="Batch Size" name="batch_size">
        <InputNumber min={1} max={100000} precision={0} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item label="Include Metadata" name="include_metadata" valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item label="Validation Level" name="validation_level">
        <Select
          style={{ maxWidth: 240 }}
          options={[
            { value: 'none', label: 'none' },
            { value: 'basic', label: 'basic' },
            { value: 'strict', label: 'strict' },
          ]}
        />
      </Form.Item>
      <Form.Item label="Output Format" name="output_format">
        <Select
          style={{ maxWidth: 240 }}
          options={[
            { value: 'json', label: 'JSON' },
            { value: 'jsonl', label: 'JSON Lines' },
            { value: 'csv', label: 'CSV' },
          ]}
        />
      </Form.Item>
      <Form.Item label="Compression" name="compression" valuePropName="checked">
        <Switch checkedChildren="gzip" unCheckedChildren="gzip" />
      </Form.Item>
    </>
  );
}
