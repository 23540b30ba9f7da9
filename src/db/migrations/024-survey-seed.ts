import type { QuestionnaireDef } from '../../domain/surveys.js';

/**
 * The first questionnaires (governance.md, "Enterprises": the digital-economy indicators of
 * Quyết định 1354/QĐ-BTTTT and what a survey adds), as migration 024 first wrote them.
 * Frozen with the migration: the IT department makes new versions, never edits this file.
 */
const yesNo = (section: string, code: string, textVi: string, textEn: string, required = true, helpVi: string | null = null) => ({ section, code, kind: 'yes_no' as const, textVi, textEn, required, helpVi });

export const SURVEY_SEED: QuestionnaireDef[] = [
  {
    code: 'DN-CDS',
    audience: 'enterprise',
    titleVi: 'Phiếu khảo sát ứng dụng công nghệ thông tin và chuyển đổi số của doanh nghiệp',
    titleEn: 'Survey of IT use and digital transformation in enterprises',
    questions: [
      { section: 'A. Lao động và hạ tầng', code: 'LAO_DONG', kind: 'number', textVi: 'Tổng số lao động của doanh nghiệp', textEn: 'Total number of employees', required: true, unit: 'người', helpVi: 'Lao động có hợp đồng tại thời điểm khảo sát.' },
      { section: 'A. Lao động và hạ tầng', code: 'NV_CNTT', kind: 'number', textVi: 'Số lao động chuyên trách công nghệ thông tin', textEn: 'Dedicated IT staff', required: true, unit: 'người', helpVi: 'Người làm công việc CNTT là chính (kỹ thuật, phần mềm, quản trị hệ thống). Không có thì ghi 0.' },
      { section: 'A. Lao động và hạ tầng', code: 'MAY_TINH', kind: 'number', textVi: 'Số máy tính đang sử dụng', textEn: 'Computers in use', required: true, unit: 'máy' },
      { section: 'A. Lao động và hạ tầng', code: 'LAO_DONG_KNS', kind: 'percent', textVi: 'Tỷ lệ lao động sử dụng thành thạo máy tính, Internet trong công việc', textEn: 'Share of staff using computers and the Internet at work', required: false, unit: '%' },
      yesNo('B. Giao dịch điện tử', 'THUE_DT', 'Doanh nghiệp khai, nộp thuế điện tử', 'Files and pays taxes electronically'),
      yesNo('B. Giao dịch điện tử', 'HOADON_DT', 'Doanh nghiệp sử dụng hóa đơn điện tử', 'Uses e-invoices'),
      yesNo('B. Giao dịch điện tử', 'HOPDONG_DT', 'Doanh nghiệp sử dụng hợp đồng điện tử', 'Uses e-contracts', true, 'Hợp đồng giao kết bằng phương tiện điện tử, có chữ ký số hoặc chữ ký điện tử (Luật Giao dịch điện tử 2023).'),
      yesNo('B. Giao dịch điện tử', 'CHU_KY_SO', 'Doanh nghiệp có chữ ký số', 'Has a digital signature certificate'),
      yesNo('B. Giao dịch điện tử', 'DVC_TRUCTUYEN', 'Doanh nghiệp sử dụng dịch vụ công trực tuyến', 'Uses online public services', false),
      yesNo('C. Nền tảng số và thương mại điện tử', 'NEN_TANG_SO', 'Doanh nghiệp sử dụng nền tảng số trong sản xuất, kinh doanh', 'Uses digital platforms in its business', true, 'Ví dụ: phần mềm kế toán, quản trị nhân sự, quản lý bán hàng, ERP, CRM trên nền tảng số.'),
      {
        section: 'C. Nền tảng số và thương mại điện tử', code: 'DIEN_TOAN_DAM_MAY', kind: 'choice', textVi: 'Mức sử dụng dịch vụ điện toán đám mây', textEn: 'Use of cloud services', required: true,
        choices: [
          { code: 'khong', vi: 'Không sử dụng', en: 'None' },
          { code: 'luu_tru', vi: 'Thư điện tử, lưu trữ trực tuyến', en: 'E-mail, online storage' },
          { code: 'phan_mem', vi: 'Phần mềm dịch vụ (SaaS)', en: 'Software as a service' },
          { code: 'ha_tang', vi: 'Máy chủ, hạ tầng trên đám mây', en: 'Cloud servers, infrastructure' },
        ],
      },
      yesNo('C. Nền tảng số và thương mại điện tử', 'WEBSITE', 'Doanh nghiệp có trang thông tin điện tử hoặc trang bán hàng trực tuyến', 'Has a website or online shop'),
      yesNo('C. Nền tảng số và thương mại điện tử', 'TMDT', 'Doanh nghiệp bán hàng qua sàn thương mại điện tử hoặc mạng xã hội', 'Sells through e-commerce platforms or social networks'),
      { section: 'C. Nền tảng số và thương mại điện tử', code: 'DOANH_THU_TMDT', kind: 'percent', textVi: 'Tỷ lệ doanh thu từ thương mại điện tử', textEn: 'Share of revenue from e-commerce', required: false, unit: '%', helpVi: 'Ước tính năm gần nhất. Không bán trực tuyến thì ghi 0.' },
      yesNo('C. Nền tảng số và thương mại điện tử', 'DN_CONG_NGHE_SO', 'Doanh nghiệp hoạt động chính trong lĩnh vực công nghệ số', 'Is a digital-technology enterprise', true, 'Sản xuất, cung cấp sản phẩm, dịch vụ công nghệ số (phần mềm, phần cứng, dịch vụ CNTT, nội dung số).'),
      yesNo('D. An toàn thông tin', 'ATTT_PHAN_MEM', 'Có phần mềm phòng chống mã độc có bản quyền', 'Has licensed anti-malware software'),
      yesNo('D. An toàn thông tin', 'ATTT_SAO_LUU', 'Sao lưu dữ liệu định kỳ', 'Backs up data regularly'),
      yesNo('D. An toàn thông tin', 'ATTT_SU_CO', 'Đã gặp sự cố mất an toàn thông tin trong 12 tháng qua', 'Had an information security incident in the last 12 months', false),
      {
        section: 'E. Khó khăn và kiến nghị', code: 'KHO_KHAN', kind: 'choice', textVi: 'Khó khăn lớn nhất khi chuyển đổi số', textEn: 'Main obstacle to digital transformation', required: false,
        choices: [
          { code: 'chi_phi', vi: 'Chi phí đầu tư', en: 'Cost' },
          { code: 'nhan_luc', vi: 'Thiếu nhân lực', en: 'Lack of skilled staff' },
          { code: 'nhan_thuc', vi: 'Chưa thấy lợi ích', en: 'Benefits unclear' },
          { code: 'ha_tang', vi: 'Hạ tầng mạng', en: 'Network infrastructure' },
          { code: 'khac', vi: 'Khác', en: 'Other' },
        ],
      },
      { section: 'E. Khó khăn và kiến nghị', code: 'KIEN_NGHI', kind: 'text', textVi: 'Kiến nghị, đề xuất với chính quyền tỉnh', textEn: 'Suggestions to the provincial government', required: false },
    ],
  },
  {
    code: 'DV-CNTT',
    audience: 'public_unit',
    titleVi: 'Phiếu khảo sát ứng dụng công nghệ thông tin của cơ quan, đơn vị sự nghiệp công',
    titleEn: 'Survey of IT use in public units',
    questions: [
      { section: 'A. Nhân lực và hạ tầng', code: 'CAN_BO', kind: 'number', textVi: 'Tổng số cán bộ, công chức, viên chức', textEn: 'Staff', required: true, unit: 'người' },
      { section: 'A. Nhân lực và hạ tầng', code: 'CHUYEN_TRACH', kind: 'number', textVi: 'Số cán bộ chuyên trách CNTT, chuyển đổi số', textEn: 'Dedicated IT / digital transformation staff', required: true, unit: 'người' },
      { section: 'A. Nhân lực và hạ tầng', code: 'MAY_TINH', kind: 'number', textVi: 'Số máy tính đang sử dụng', textEn: 'Computers in use', required: true, unit: 'máy' },
      { section: 'A. Nhân lực và hạ tầng', code: 'DAO_TAO', kind: 'percent', textVi: 'Tỷ lệ cán bộ được đào tạo kỹ năng số trong năm', textEn: 'Staff trained in digital skills this year', required: false, unit: '%' },
      yesNo('B. Ứng dụng', 'KY_SO', 'Đơn vị ký số văn bản đi', 'Signs outgoing documents digitally'),
      yesNo('B. Ứng dụng', 'DAM_MAY', 'Đơn vị dùng hạ tầng của Trung tâm dữ liệu tỉnh hoặc điện toán đám mây', 'Uses the provincial data centre or cloud'),
      yesNo('B. Ứng dụng', 'ATTT_CAP_DO', 'Hệ thống thông tin của đơn vị đã được phê duyệt cấp độ an toàn', 'Its information systems have an approved security level'),
      { section: 'C. Kiến nghị', code: 'KIEN_NGHI', kind: 'text', textVi: 'Kiến nghị, đề xuất', textEn: 'Suggestions', required: false },
    ],
  },
];
