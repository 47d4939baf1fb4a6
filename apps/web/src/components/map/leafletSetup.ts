import L from 'leaflet';
import iconUrl from 'leaflet/dist/images/marker-icon.png';
import iconRetinaUrl from 'leaflet/dist/images/marker-icon-2x.png';
import shadowUrl from 'leaflet/dist/images/marker-shadow.png';

// Leaflet guesses its marker image folder from CSS, which breaks once Vite hashes the files; give
// it the bundled URLs instead.
Reflect.deleteProperty(L.Icon.Default.prototype, '_getIconUrl');
L.Icon.Default.mergeOptions({ iconUrl, iconRetinaUrl, shadowUrl });

declare global {
  interface Window {
    /** The live map, for browser tests and for debugging in the console. */
    __cityMap?: L.Map;
    /** The pin map of a report form (phone, citizen portal), likewise. */
    __pinMap?: L.Map;
  }
}

export default L;
