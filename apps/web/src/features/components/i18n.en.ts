import type { ComponentsMessages } from './i18n.zh-CN';

const componentsEn: ComponentsMessages = {
  componentsPage: {
    title: 'Components',
    category: 'Category',
    state: 'State',
    grid: 'Unit grid',
    maintainer: 'Maintainer',
    owner: 'Owner',
    competentDept: 'Competent department',
    accuracy: 'Accuracy class',
    source: 'Source',
    censusDate: 'Census date',
    changeDate: 'Changed',
    note: 'Note',
    cases: 'Cases',
    noCases: 'No cases yet',
    caseCode: 'Case',
    description: 'Description',
    reportedAt: 'Reported',
    changes: 'Changes',
    importTitle: 'Component import',
    importIntro:
      'Choose GeoJSON (points; properties code, name, state, owner, competentDept, maintainerDeptCode, censusDate, accuracyClass, note) or Excel (.xlsx, header row: code, name, category, state, lon, lat, owner, competentDept, maintainerDeptCode, censusDate, accuracyClass, note). Validate first; the import writes everything or nothing.',
    badFile: 'The file is neither a GeoJSON FeatureCollection nor an Excel workbook',
  },
};

export default componentsEn;
