import type { MapMessages } from './i18n.zh-CN';

const mapEn: MapMessages = {
  map: {
    zoomHint: 'Zoom in to see unit grids',
    truncated: 'Too many grids: only some are shown, zoom in further',
    searchPlaceholder: 'Address, crossing, community or 15-digit grid code',
    addressPlaceholder: 'Address, road crossing, community or landmark',
    searchNotFound: 'Nothing found for “{text}”: try other words or a 15-digit grid code',
    placeKinds: {
      district: 'District',
      street: 'Street',
      community: 'Community',
      road: 'Road',
      intersection: 'Crossing',
      address: 'Address',
      landmark: 'Landmark',
    },
    searchInvalid: 'A unit grid code has 15 digits',
    loadFailed: 'The base map failed to load',
    layers: {
      base: 'Street map',
      districts: 'Districts',
      streets: 'Streets',
      communities: 'Communities',
      grids: 'Unit grids',
      tiles: 'Tiles',
    },
  },
  grid: {
    panelTitle: 'Unit grid',
    code: 'Grid code',
    district: 'District',
    street: 'Street',
    community: 'Community',
    responsibleBody: 'Responsible body',
    supervisionGrid: 'Supervision grid',
    area: 'Area',
    areaValue: '{value} m²',
    version: 'Version',
    centroid: 'Centroid',
    editTitle: 'Edit grid',
    updatedLive: 'Grid {code} was changed',
    noSupervisionGrid: 'Not in a supervision grid',
  },
};

export default mapEn;
