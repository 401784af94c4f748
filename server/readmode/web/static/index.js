/** Home page: friendlier dates ("2 days ago") in the reader's locale. */

import { formatTimes } from "./dates.js";

formatTimes();
