// Init script: replaces window.Notification with a recorder that keeps the browser's permission (window.__shown; window.__click(i) clicks one).
(() => {
  const Real = window.Notification;
  const shown = [];
  class Recorder {
    static get permission() {
      return Real ? Real.permission : 'denied';
    }
    static requestPermission() {
      return Real ? Real.requestPermission() : Promise.resolve('denied');
    }
    constructor(title, options = {}) {
      this.onclick = null;
      this.title = title;
      this.body = options.body ?? '';
      this.tag = options.tag ?? '';
      shown.push(this);
    }
    close() {}
  }
  window.Notification = Recorder;
  window.__shown = shown;
  window.__click = (i) => shown[i]?.onclick?.();
})();
