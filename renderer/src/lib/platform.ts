/** The modifier agents press for shortcuts, as printed on their keyboard. */
export const shortcutModifier = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';
