// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ComposeForm, toDraftBody } from '../screens/compose/ComposeForm';
import { prepareDom, renderIn, type } from '../testing';
import type { DocumentType, Organization } from '../types';

/** Organisations of other provinces, hosted by a peer node, are recipients in their own group of the compose form. */

prepareDom();

const types: DocumentType[] = [{ code: 'CV', name: 'Công văn', abbr: '' }];
const org = (id: number, name: string, kind: Organization['kind'], code: string | null, parentId: number | null = 1): Organization => ({ id, name, shortName: `O${id}`, kind, parentId, code, email: null, address: null, phone: null, website: null, active: true });
const orgs: Organization[] = [
  org(1, 'Tỉnh Đồng Nai', 'province', null, null),
  org(2, 'Sở Khoa học và Công nghệ', 'agency', '000.00.06.H39'),
  org(3, 'Sở Tài chính', 'agency', '000.00.05.H39'),
  org(4, 'Ủy ban nhân dân phường Trấn Biên', 'agency', '000.01.31.H39'),
  org(7, 'Sở Tài chính tỉnh Khánh Hòa', 'external', '000.00.05.H41', null),
  org(8, 'Bộ Tài chính', 'external', '000.00.00.G09', null),
  { ...org(9, 'Sở Y tế tỉnh Khánh Hòa', 'external', '000.00.08.H41', null), active: false },
];

function setup() {
  const onSave = vi.fn();
  renderIn(<ComposeForm types={types} orgs={orgs} agencyId={2} initial={{ typeCode: 'CV' }} files={[]} onFilesChange={vi.fn()} onSave={onSave} onIssue={vi.fn()} canIssue />);
  return onSave;
}

const treeTitles = () => [...document.querySelectorAll('.ant-select-tree-title')].map((e) => e.textContent);

describe('recipients of other provinces', () => {
  it('are listed in their own group with their code, found without diacritics, and sent in the draft', async () => {
    const onSave = setup();
    type('Trích yếu nội dung', 'Về việc phối hợp quyết toán ngân sách liên tỉnh');
    type('Chức vụ người ký', 'Giám đốc');
    type('Họ tên người ký', 'Lê Minh Đạt');
    type('Đơn vị soạn thảo (viết tắt)', 'VP');
    const picker = screen.getByLabelText('Cơ quan nhận văn bản');
    fireEvent.mouseDown(picker);
    await screen.findByText('Cơ quan ngoài tỉnh (liên thông)');
    const titles = treeTitles();
    // A group of its own after the province's departments and communes; an inactive one (its route removed) is not offered.
    expect(titles).toEqual(['Sở, ban, ngành và cơ quan cấp tỉnh', 'Sở Tài chính', 'UBND xã, phường', 'Ủy ban nhân dân phường Trấn Biên', 'Cơ quan ngoài tỉnh (liên thông)', 'Bộ Tài chính (000.00.00.G09)', 'Sở Tài chính tỉnh Khánh Hòa (000.00.05.H41)']);
    // Typed without diacritics, as every other recipient.
    fireEvent.change(picker, { target: { value: 'khanh hoa' } });
    await waitFor(() => expect(treeTitles()).toContain('Sở Tài chính tỉnh Khánh Hòa (000.00.05.H41)'));
    expect(treeTitles()).not.toContain('Sở Tài chính');
    fireEvent.click(screen.getByText('Sở Tài chính tỉnh Khánh Hòa (000.00.05.H41)', { selector: '.ant-select-tree-title' }));
    // Also by its code.
    fireEvent.change(picker, { target: { value: 'G09' } });
    await waitFor(() => expect(treeTitles()).toEqual(['Bộ Tài chính (000.00.00.G09)']));
    expect(screen.getByText('Đã chọn 1 nơi nhận')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Lưu dự thảo/ }));
    await waitFor(() => expect(onSave, [...document.querySelectorAll('.ant-form-item-explain-error')].map((e) => e.textContent).join(' | ')).toHaveBeenCalledTimes(1));
    expect(toDraftBody(onSave.mock.calls[0]![0]).recipients).toEqual([7]);
  });
});

describe('the recipient search, with the keyboard', () => {
  it('typing, ↓ and Enter picks the agency found, never its whole group', async () => {
    const many: Organization[] = [...orgs, org(5, 'Sở Y tế', 'agency', '000.00.08.H39'), org(6, 'Sở Xây dựng', 'agency', '000.00.09.H39')];
    renderIn(<ComposeForm types={types} orgs={many} agencyId={2} initial={{ typeCode: 'CV' }} files={[]} onFilesChange={vi.fn()} onSave={vi.fn()} onIssue={vi.fn()} canIssue />);
    const picker = screen.getByLabelText('Cơ quan nhận văn bản');
    fireEvent.mouseDown(picker);
    fireEvent.change(picker, { target: { value: 'tai chinh' } });
    // Only agencies while searching: the group row is not there to take the highlight.
    await waitFor(() => expect(treeTitles()).toEqual(['Sở Tài chính', 'Bộ Tài chính (000.00.00.G09)', 'Sở Tài chính tỉnh Khánh Hòa (000.00.05.H41)']));
    fireEvent.keyDown(picker, { key: 'ArrowDown', code: 'ArrowDown', keyCode: 40, which: 40 });
    fireEvent.keyDown(picker, { key: 'Enter', code: 'Enter', keyCode: 13, which: 13 });
    await screen.findByText('Đã chọn 1 nơi nhận');
    // The search is cleared and the tag is named, not the bare id.
    expect((picker as HTMLInputElement).value).toBe('');
    expect([...document.querySelectorAll('.lt-recipient-tag')].map((e) => e.textContent)).toEqual(['Sở Tài chính']);
    fireEvent.change(picker, { target: { value: 'y te' } });
    await waitFor(() => expect(treeTitles()).toEqual(['Sở Y tế']));
    expect([...document.querySelectorAll('.lt-recipient-tag')].map((e) => e.textContent)).toEqual(['Sở Tài chính']);
    // Enter on a group row (no search) ticks nothing: a group is ticked by its checkbox or the buttons.
    fireEvent.change(picker, { target: { value: '' } });
    await waitFor(() => expect(treeTitles()[0]).toBe('Sở, ban, ngành và cơ quan cấp tỉnh'));
    fireEvent.keyDown(picker, { key: 'Home', code: 'Home', keyCode: 36, which: 36 });
    fireEvent.keyDown(picker, { key: 'Enter', code: 'Enter', keyCode: 13, which: 13 });
    expect(screen.getByText('Đã chọn 1 nơi nhận')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Tất cả sở, ngành \(3\)/ }));
    await screen.findByText('Đã chọn 3 nơi nhận');
  });
});
