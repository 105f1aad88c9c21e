/** ECharts' markArea, registered for the zero-point charts (bands for the zero-point bin and the suppressed band). */
import { use } from 'echarts/core';
import { MarkAreaComponent } from 'echarts/components';

use([MarkAreaComponent]);
