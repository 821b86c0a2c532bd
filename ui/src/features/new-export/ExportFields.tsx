import { Checkbox, Form, Input, InputNumber, Select, Switch, Typography } from 'antd';
import { codecsFor, compressionError, type ExportFormValues } from './buildExportRequest';
import { DatasetSection } from './DatasetSection';
import { FiltersSection } from './FiltersSection';
import { useDatasets } from './useDatasets';
import { usePublicKeys, recipientOptions } from './usePublicKeys';

/** gzip 1-9 or zstd 1-19 (none, snappy: no level); for Parquet the codec of its pages. */
function CompressionFields() {
  const form = Form.useFormInstance<ExportFormValues>();
  const codec = Form.useWatch('compression', form) ?? 'none';
  const format = Form.useWatch('output_format', form);
  const codecs = codecsFor(format);
  const levels = codecs.find((c) => c.value === codec)?.levels;
  return (
    <>
      <Form.Item
        label="Compression"
        name="compression"
        dependencies={['output_format']}
        extra={format === 'parquet' ? 'Parquet compresses each page inside the file (.parquet).' : undefined}
        rules={[
          {
            validator: async (_, value) => {
              const message = compressionError(form.getFieldValue('output_format'), value);
              if (message) throw new Error(message);
            },
          },
        ]}
      >
        <Select
          style={{ maxWidth: 240 }}
          options={codecs.map((c) => ({ value: c.value, label: c.label }))}
          onChange={() => form.setFieldValue('compression_level', null)}
        />
      </Form.Item>
      {levels && (
        <Form.Item
          label="Compression Level"
          name="compression_level"
          extra={`${levels[0]} (fastest) to ${levels[1]} (smallest); empty for the ${codec} default`}
          rules={[
            {
              type: 'integer',
              min: levels[0],
              max: levels[1],
              message: `A whole number from ${levels[0]} to ${levels[1]}`,
            },
          ]}
        >
          <InputNumber placeholder="default" style={{ width: 200 }} />
        </Form.Item>
      )}
    </>
  );
}

/** Encrypt with OpenPGP to some of the user's public keys (managed on the Manage page). */
function EncryptionFields() {
  const form = Form.useFormInstance<ExportFormValues>();
  const encrypt = Form.useWatch('encrypt', form) === true;
  const chosen = (Form.useWatch('recipients', form) as string[] | undefined) ?? [];
  const keys = usePublicKeys(encrypt);
  return (
    <>
      <Form.Item
        label="Encrypt with OpenPGP"
        name="encrypt"
        valuePropName="checked"
        extra="Data and rejected files are encrypted after compression (.pgp); the manifest stays readable."
      >
        <Switch />
      </Form.Item>
      {encrypt && (
        <Form.Item
          label="Recipients"
          name="recipients"
          rules={[{ required: true, type: 'array', min: 1, max: 10, message: 'Pick one to ten public keys' }]}
        >
          <Select
            mode="multiple"
            placeholder="Public keys"
            loading={keys.loading}
            optionFilterProp="label"
            options={recipientOptions(keys.items, chosen)}
            notFoundContent={keys.error ?? 'No public keys yet: add one under Manage, Public Keys'}
          />
        </Form.Item>
      )}
    </>
  );
}

/**
 * The fields of an export request other than its dates and transformations: data types, processes, row filters,
 * batch size, metadata, validation level, format, compression, encryption and the Dataset section (file size,
 * partitions, sample, split). Used by the New Export form and the
 * schedule form, whose values carry them under the same names (see `ExportFormValues`).
 */
export function ExportFields() {
  const form = Form.useFormInstance<ExportFormValues>();
  const format = Form.useWatch('output_format', form);
  const datasets = useDatasets();
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
          options={datasets.map((d) => ({ value: d.name, label: d.name }))}
        />
      </Form.Item>
      <Form.Item label="Processes" name="processes" extra="Comma-separated, e.g. nginx, sshd">
        <Input placeholder="All processes" />
      </Form.Item>
      <FiltersSection />
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
            { value: 'parquet', label: 'Parquet' },
          ]}
          onChange={(next: ExportFormValues['output_format']) => {
            // Parquet's pages are snappy by default; snappy is Parquet's only
            const codec = form.getFieldValue('compression') as ExportFormValues['compression'];
            if (next === 'parquet' && codec === 'none') form.setFieldValue('compression', 'snappy');
            if (next !== 'parquet' && codec === 'snappy') form.setFieldValue('compression', 'none');
          }}
        />
      </Form.Item>
      {format === 'csv' && (
        <Form.Item
          name="csv_escape_formulas"
          valuePropName="checked"
          extra={
            <Typography.Text type="secondary">
              Cells starting with = + - @, a tab or a carriage return get a leading ' so that spreadsheets do not run
              them as formulas.
            </Typography.Text>
          }
        >
          <Checkbox>Escape spreadsheet formulas</Checkbox>
        </Form.Item>
      )}
      <CompressionFields />
      <EncryptionFields />
      <DatasetSection />
    </>
  );
}
