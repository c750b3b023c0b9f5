// The tray icon (32×32 PNG, generated), as a data URL so the app needs no icon file at run time.
export const TRAY_ICON_DATA_URL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAU0lEQVR42mNgQAOqya//0xIz4AK0thivQ+htOYYjBtQBA2U53BGjDhh1wKB2ADoYdcCoA8gFow4YPg4YzQUjzwGjteGoA0aGA0Z7RoOiczqQ3XMA+8QaZ5AIbsYAAAAASUVORK5CYII=';
