/** Median and interquartile range over the images where the metric is defined. */
export interface Spread {
  median: number;
  q1: number;
  q3: number;
  /**
   * How many images had a defined value (e.g. box mass share is undefined for an all-zero map), out of
   * MethodSummary.images: none is dropped silently (issue 7). Absent in runs stored before it.
   */
  n: number;
}
