// Karma for `ng test` (@angular/build:karma). Runs once in Debian's headless Chromium; CHROME_BIN is set by the
// package's test script, never downloaded.
// Closes the run with a plain "N passed, N failed" line, which CI logs and readers pick up.
function SummaryReporter(baseReporterDecorator) {
  baseReporterDecorator(this);
  this.onRunComplete = (_browsers, results) => {
    this.write(`${results.success} passed, ${results.failed} failed\n`);
  };
}
SummaryReporter.$inject = ['baseReporterDecorator'];

module.exports = function (config) {
  config.set({
    basePath: '',
    frameworks: ['jasmine'],
    plugins: [
      require('karma-jasmine'),
      require('karma-chrome-launcher'),
      { 'reporter:summary': ['type', SummaryReporter] },
    ],
    client: { jasmine: { random: true }, clearContext: false },
    reporters: ['dots', 'summary'],
    browsers: ['ChromeHeadlessCI'],
    customLaunchers: {
      ChromeHeadlessCI: {
        base: 'ChromeHeadless',
        // Root in a container: no sandbox; the machine has no network, so keep Chromium from calling home.
        flags: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    },
    // Two cores shared with the build: give the first capture and slow specs room.
    captureTimeout: 120000,
    browserNoActivityTimeout: 120000,
    browserDisconnectTolerance: 1,
    // Loopback only: nothing on this machine should listen on other interfaces.
    listenAddress: '127.0.0.1',
    hostname: '127.0.0.1',
    singleRun: true,
    restartOnFileChange: false,
  });
};
