import { afterEach, describe, expect, it } from "bun:test";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { createNotifier, type NotificationApi, THRESHOLD_KEY } from "../state/notifier.ts";
import { NotificationsControl } from "./NotificationsControl.tsx";

function env(permission: "default" | "granted" | "denied") {
  let asked = 0;
  // biome-ignore lint/complexity/noStaticOnlyClass: mirrors the browser's Notification (static API)
  const Api = class {
    static permission = permission;
    static async requestPermission() {
      asked++;
      Api.permission = "granted";
      return "granted" as const;
    }
  };
  const store = new Map<string, string>();
  const storage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
  };
  return { Notification: Api as unknown as NotificationApi, storage, store, asked: () => asked };
}

afterEach(() => cleanup());

describe("notifications control", () => {
  it("asks for permission on the button click, not before", async () => {
    const e = env("default");
    render(<NotificationsControl notifier={createNotifier(e)} />);
    expect(e.asked()).toBe(0);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Enable notifications" }));
    });
    expect(e.asked()).toBe(1);
    expect(screen.getByRole("button", { name: "Disable notifications" })).toBeTruthy();
  });

  it("persists the threshold set with the slider", async () => {
    const e = env("granted");
    render(<NotificationsControl notifier={createNotifier(e)} />);
    const slider = screen.getByRole("slider") as HTMLInputElement;
    await act(() => {
      slider.value = "0.75";
      fireEvent.input(slider);
    });
    expect(e.store.get(THRESHOLD_KEY)).toBe("0.75");
    expect(screen.getByText("75%")).toBeTruthy();
  });

  it("explains when the browser has no notifications or they are blocked", () => {
    const { unmount } = render(<NotificationsControl notifier={createNotifier({})} />);
    expect(screen.getByText("This browser does not support notifications.")).toBeTruthy();
    unmount();
    render(<NotificationsControl notifier={createNotifier(env("denied"))} />);
    expect(screen.getByText("Notifications are blocked in the browser settings.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Enable notifications" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
