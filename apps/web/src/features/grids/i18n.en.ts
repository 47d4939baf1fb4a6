import type { GridsMessages } from './i18n.zh-CN';

const gridsEn: GridsMessages = {
  gridImport: {
    title: 'Unit grid import',
    intro:
      'Choose a GeoJSON file (a FeatureCollection; each feature has properties.code, the 15-digit grid code, and a WGS-84 polygon). Validate first; import is possible only when validation passes. Nothing is written when validation fails.',
    chooseFile: 'Choose file',
    noFile: 'No file chosen',
    fileInfo: '{name}, {size}, {n} features',
    badFile: 'The file is not a GeoJSON FeatureCollection',
    validate: 'Validate',
    import: 'Import',
    reportOk: 'Validation passed: {valid} of {total} grids are valid and can be imported',
    reportBad:
      'Validation failed: {valid} of {total} grids are valid, {n} problems found. Nothing was written.',
    total: 'Features',
    valid: 'Valid',
    problems: 'Problems',
    byKind: 'Problems by kind',
    kind: 'Kind',
    index: 'Index',
    message: 'Message',
    kinds: {
      bad_code: 'Bad code',
      duplicate_code: 'Duplicate code',
      bad_geometry: 'Bad geometry',
      overlap: 'Overlap',
      gap: 'Gap',
      outside_community: 'Outside its community',
      unknown_community: 'Unknown community',
    },
    done: 'Import finished: {total} grids',
    doneCount: 'Import finished: {total} records',
    failed: 'Import failed',
    states: {
      validating: 'Validating',
      invalid: 'Invalid',
      running: 'Running',
      done: 'Done',
      failed: 'Failed',
    },
  },
};

export default gridsEn;
